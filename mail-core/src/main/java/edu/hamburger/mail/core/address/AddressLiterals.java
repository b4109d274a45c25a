package edu.hamburger.mail.core.address;

/** Syntax checks for the inside of RFC 5321 §4.1.3 address literals, without any DNS lookup. */
final class AddressLiterals {

    private AddressLiterals() {
    }

    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** IPv6-full, IPv6-comp, IPv6v4-full and IPv6v4-comp of RFC 5321 §4.1.3. */
    static boolean isIpv6(String s) {
        int groupsAvailable = 8;
        String hexPart = s;
        int lastColon = s.lastIndexOf(':');
        if (lastColon >= 0 && s.indexOf('.', lastColon) > 0) {
            if (!isIpv4(s.substring(lastColon + 1))) {
                return false;
            }
            hexPart = s.substring(0, lastColon + 1) + "0";  // stand-in group keeps the colon structure
            groupsAvailable = 7;
        }
        int doubleColon = hexPart.indexOf("::");
        if (doubleColon != hexPart.lastIndexOf("::")) {
            return false;
        }
        if (doubleColon < 0) {
            String[] groups = hexPart.split(":", -1);
            return groups.length == groupsAvailable && allHexGroups(groups);
        }
        String head = hexPart.substring(0, doubleColon);
        String tail = hexPart.substring(doubleColon + 2);
        String[] headGroups = head.isEmpty() ? new String[0] : head.split(":", -1);
        String[] tailGroups = tail.isEmpty() ? new String[0] : tail.split(":", -1);
        return headGroups.length + tailGroups.length <= groupsAvailable - 1
                && allHexGroups(headGroups) && allHexGroups(tailGroups);
    }

    /** General-address-literal: Standardized-tag ":" 1*dcontent. */
    static boolean isGeneral(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            return false;
        }
        String tag = s.substring(0, colon);
        if (!tag.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')
                || tag.endsWith("-")) {
            return false;
        }
        return s.substring(colon + 1).chars().allMatch(c -> (c >= 33 && c <= 90) || (c >= 94 && c <= 126));
    }

    private static boolean allHexGroups(String[] groups) {
        for (String group : groups) {
            if (group.isEmpty() || group.length() > 4) {
                return false;
            }
            for (int i = 0; i < group.length(); i++) {
                if (Character.digit(group.charAt(i), 16) < 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
