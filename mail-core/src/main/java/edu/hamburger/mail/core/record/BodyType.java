package edu.hamburger.mail.core.record;

/** The BODY parameter of MAIL FROM: 7BIT (RFC 5321) or 8BITMIME (RFC 6152). */
public enum BodyType {
    SEVEN_BIT("7BIT"),
    EIGHT_BIT_MIME("8BITMIME");

    private final String keyword;

    BodyType(String keyword) {
        this.keyword = keyword;
    }

    /** The value as written after {@code BODY=}. */
    public String keyword() {
        return keyword;
    }

    public static BodyType fromKeyword(String value) {
        for (BodyType type : values()) {
            if (type.keyword.equalsIgnoreCase(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown BODY type: " + value);
    }
}
