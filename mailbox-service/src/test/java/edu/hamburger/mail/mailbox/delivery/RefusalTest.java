package edu.hamburger.mail.mailbox.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.hamburger.mail.core.api.ErrorCode;
import org.junit.jupiter.api.Test;

/** A refused copy tells the sender why, in RFC 3463's words: full mailbox and too large are not the same. */
class RefusalTest {

    @Test
    void overQuotaAndTooLargeAreDistinct() {
        assertEquals(new InboundDelivery.Refusal(552, "5.2.2"), InboundDelivery.Refusal.of(ErrorCode.OVER_QUOTA));
        assertEquals(new InboundDelivery.Refusal(552, "5.3.4"), InboundDelivery.Refusal.of(ErrorCode.MESSAGE_TOO_LARGE));
        assertEquals(new InboundDelivery.Refusal(550, "5.1.1"), InboundDelivery.Refusal.of(ErrorCode.NOT_FOUND));
    }
}
