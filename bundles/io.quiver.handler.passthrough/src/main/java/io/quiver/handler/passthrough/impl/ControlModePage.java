package io.quiver.handler.passthrough.impl;

/**
 * The Control mode page fields the core enforces for a LUN (SPC-4 7.5.8: D_SENSE, TAS, QUEUE ALGORITHM MODIFIER),
 * as the real device reports them, so a pass-through LUN's own sense data, aborted tasks and ordering follow the
 * device (SCST re-reads them for its dev handlers: {@code scst_obtain_device_parameters}). Immutable.
 *
 * @param descriptorSense D_SENSE
 * @param taskAbortedStatus TAS
 * @param queueAlgorithmModifier QUEUE ALGORITHM MODIFIER
 */
record ControlModePage(boolean descriptorSense, boolean taskAbortedStatus, int queueAlgorithmModifier) {

    static final int PAGE_CODE = 0x0A;

    /** MODE SENSE (10), current values of the Control page, no block descriptors, {@code allocation} bytes. */
    static byte[] modeSense10(int allocation) {
        return new byte[] {0x5A, 0x08, PAGE_CODE, 0, 0, 0, 0, (byte) (allocation >> 8), (byte) allocation, 0};
    }

    /**
     * The page in MODE SENSE (10) data-in ({@code data}: the 8-byte header, block descriptors, then pages), or
     * {@code null} if the device sent no Control page or a short one.
     */
    static ControlModePage parse(byte[] data) {
        if (data == null || data.length < 8) {
            return null;
        }
        int end = Math.min(data.length, 2 + ((data[0] & 0xFF) << 8 | (data[1] & 0xFF)));
        for (int at = 8 + ((data[6] & 0xFF) << 8 | (data[7] & 0xFF)); at + 2 <= end; ) {
            boolean subpage = (data[at] & 0x40) != 0;
            int length = subpage ? (at + 4 <= end ? 4 + ((data[at + 2] & 0xFF) << 8 | (data[at + 3] & 0xFF)) : end)
                    : 2 + (data[at + 1] & 0xFF);
            if (!subpage && (data[at] & 0x3F) == PAGE_CODE) {
                if (length < 8 || at + 8 > end) {
                    return null;
                }
                return new ControlModePage((data[at + 2] & 0x04) != 0, (data[at + 5] & 0x40) != 0,
                        (data[at + 3] & 0xF0) >> 4);
            }
            at += length;
        }
        return null;
    }
}
