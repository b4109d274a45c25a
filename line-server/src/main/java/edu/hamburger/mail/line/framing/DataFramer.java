package edu.hamburger.mail.line.framing;

import edu.hamburger.mail.line.MessageMemory;

/** SMTP DATA: message data up to CRLF "." CRLF, read by a {@link DataReader}; what follows is left for the next command. */
public final class DataFramer implements Framer {

    private final DataReader reader;

    public DataFramer(int maxMessageSize) {
        this.reader = new DataReader(maxMessageSize);
    }

    public DataFramer(int maxMessageSize, MessageMemory.Lease memory) {
        this.reader = new DataReader(maxMessageSize, memory);
    }

    @Override
    public Frame next(ByteQueue input) {
        input.consume(reader::feed);
        return reader.done() ? new Frame.Data(reader) : null;
    }

}
