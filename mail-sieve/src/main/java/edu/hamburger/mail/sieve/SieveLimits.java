package edu.hamburger.mail.sieve;

/**
 * What one account's script may cost: its size, how deep its blocks and tests nest, how many
 * actions and redirects one run may take, and how much its variables may hold.
 */
public record SieveLimits(int maxScriptBytes, int maxNesting, int maxActions, int maxRedirects, int maxVariables,
        int maxVariableLength) {

    /** Like Pigeonhole's defaults: 1 MiB scripts there; 64 KiB here, which no hand-written rule set reaches. */
    public static SieveLimits defaults() {
        return new SieveLimits(64 * 1024, 15, 32, 4, 128, 4000);
    }
}
