package edu.hamburger.mail.sieve;

/**
 * A script that cannot run: bad syntax, an unknown command, an extension not required, a limit
 * exceeded. Carries the line of the first error, which ManageSieve's CHECKSCRIPT and PUTSCRIPT
 * report to the user ("line 3: ...").
 */
public final class SieveScriptException extends Exception {

    private final int line;

    public SieveScriptException(int line, String message) {
        super(message);
        this.line = line;
    }

    /** 1-based; 0 when the error is about the script as a whole (its size). */
    public int line() {
        return line;
    }

    /** The text a user sees: "line 3: unknown command 'filinto'". */
    public String describe() {
        return line > 0 ? "line " + line + ": " + getMessage() : getMessage();
    }
}
