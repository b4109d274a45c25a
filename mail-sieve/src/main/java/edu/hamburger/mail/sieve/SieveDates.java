package edu.hamburger.mail.sieve;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The date and currentdate tests' values (RFC 5260 §4, §5): a date field or now, in a zone, as the named part. */
final class SieveDates {

    /** RFC 5322 dates with the day name optional, seconds optional, obsolete zone names accepted. */
    private static final DateTimeFormatter RFC5322 = new DateTimeFormatterBuilder().parseCaseInsensitive().parseLenient()
            .optionalStart().appendPattern("EEE, ").optionalEnd()
            .appendPattern("d MMM yyyy HH:mm").optionalStart().appendPattern(":ss").optionalEnd()
            .appendPattern(" ").optionalStart().appendOffset("+HHMM", "+0000").optionalEnd()
            .optionalStart().appendZoneText(java.time.format.TextStyle.SHORT).optionalEnd()
            .toFormatter(Locale.ENGLISH);
    private static final LocalDate MJD_EPOCH = LocalDate.of(1858, 11, 17);

    private SieveDates() {
    }

    static List<String> parts(Node test, SieveMessage message, SieveEnvironment environment) {
        boolean header = test.name().equals("date");
        String part = Comparator.lower(test.positional(header ? 1 : 0).firstString());
        List<ZonedDateTime> times = new ArrayList<>();
        if (header) {
            for (String value : message.header(test.positional(0).firstString())) {
                ZonedDateTime parsed = parse(value);
                if (parsed != null) {
                    times.add(parsed);
                }
            }
        } else {
            times.add(environment.now());
        }
        List<String> values = new ArrayList<>();
        for (ZonedDateTime time : times) {
            ZonedDateTime zoned = time;
            if (test.has("zone")) {
                zoned = time.withZoneSameInstant(ZoneOffset.of(test.tag("zone").firstString()));
            } else if (!test.has("originalzone")) {
                zoned = time.withZoneSameInstant(environment.now().getZone());
            }
            values.add(part(zoned, part));
        }
        return values;
    }

    static ZonedDateTime parse(String value) {
        String text = value.replaceAll("\\([^)]*\\)", " ").replaceAll("\\s+", " ").trim();
        try {
            return ZonedDateTime.parse(text, RFC5322);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String part(ZonedDateTime time, String part) {
        return switch (part) {
            case "year" -> String.format("%04d", time.getYear());
            case "month" -> String.format("%02d", time.getMonthValue());
            case "day" -> String.format("%02d", time.getDayOfMonth());
            case "date" -> time.format(DateTimeFormatter.ISO_LOCAL_DATE);
            case "julian" -> Long.toString(ChronoUnit.DAYS.between(MJD_EPOCH, time.toLocalDate()));
            case "hour" -> String.format("%02d", time.getHour());
            case "minute" -> String.format("%02d", time.getMinute());
            case "second" -> String.format("%02d", time.getSecond());
            case "time" -> String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond());
            case "iso8601" -> time.truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            case "std11" -> time.format(DateTimeFormatter.RFC_1123_DATE_TIME);
            case "zone" -> time.getOffset().getId().equals("Z") ? "+0000" : time.getOffset().getId().replace(":", "");
            default -> Integer.toString(time.get(ChronoField.DAY_OF_WEEK) % 7); // weekday: 0 is Sunday
        };
    }
}
