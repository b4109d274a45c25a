package edu.hamburger.mail.imap.protocol;

import java.util.List;

/** Writes UIDs as a compact set ({@code 4:7,9}) for COPYUID, VANISHED and ESEARCH-like answers. */
final class UidRanges {

    private UidRanges() {
    }

    static String format(List<Long> uids) {
        long[] sorted = uids.stream().mapToLong(Long::longValue).sorted().toArray();
        return format(sorted, false);
    }

    /** {@code keepOrder}: write in the given order (COPYUID pairs must match), merging only ascending runs. */
    static String format(long[] uids, boolean keepOrder) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < uids.length) {
            int j = i;
            while (j + 1 < uids.length && uids[j + 1] == uids[j] + 1) {
                j++;
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(uids[i]);
            if (j > i) {
                out.append(':').append(uids[j]);
            }
            i = j + 1;
        }
        return out.toString();
    }
}
