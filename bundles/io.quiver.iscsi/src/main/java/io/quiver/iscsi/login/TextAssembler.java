package io.quiver.iscsi.login;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Joins the data segments of Login or Text Requests sent with the C (continue) bit (RFC 7143, 11.10.2 and
 * 11.12.2): a key=value pair may be split anywhere between two PDUs, so the text is parsed only once the
 * request without C arrives. The whole text is bounded: an initiator cannot make the target hold more than
 * {@code maxLength} bytes of one request. A single-PDU request is handed on as a slice, not copied. Control
 * path only (login and text negotiation), never the data path. Not thread-safe: one per connection, used on
 * its event loop.
 */
public final class TextAssembler {

    /** Most bytes one login or text request may carry in all its PDUs together. */
    public static final int DEFAULT_MAX_LENGTH = 64 * 1024;

    private final int maxLength;
    private ByteBuf collected;

    public TextAssembler(int maxLength) {
        this.maxLength = maxLength;
    }

    public TextAssembler() {
        this(DEFAULT_MAX_LENGTH);
    }

    /** Whether earlier pieces are held and the request is not complete yet. */
    public boolean collecting() {
        return collected != null;
    }

    /**
     * Adds the data segment of one request PDU (not retained; its bytes are copied only when the request
     * spans several PDUs).
     *
     * @param more the PDU's C bit: more text follows
     * @return the complete text (the caller releases it), or {@code null} while more is expected
     * @throws IllegalArgumentException when the text grows beyond the limit; what was collected is dropped
     */
    public ByteBuf add(ByteBuf piece, boolean more) {
        if (collected == null && !more) {
            if (piece.readableBytes() > maxLength) {
                throw tooLong();
            }
            return piece.retainedSlice();
        }
        if (collected == null) {
            // Heap, unpooled: login text is small, rare, and may be abandoned by a dropped connection.
            collected = Unpooled.buffer(Math.min(piece.readableBytes(), maxLength), maxLength);
        }
        if (piece.readableBytes() > collected.maxWritableBytes()) {
            discard();
            throw tooLong();
        }
        collected.writeBytes(piece, piece.readerIndex(), piece.readableBytes());
        if (more) {
            return null;
        }
        ByteBuf whole = collected;
        collected = null;
        return whole;
    }

    private IllegalArgumentException tooLong() {
        return new IllegalArgumentException("request text longer than " + maxLength + " bytes");
    }

    /** Drops what was collected (a new negotiation, or the connection is gone). */
    public void discard() {
        if (collected != null) {
            collected.release();
            collected = null;
        }
    }
}
