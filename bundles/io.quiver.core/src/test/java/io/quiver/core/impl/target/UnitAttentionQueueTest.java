package io.quiver.core.impl.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quiver.scsi.AdditionalSense;
import org.junit.jupiter.api.Test;

class UnitAttentionQueueTest {

    @Test
    void oldestFirstOncePerCondition() {
        UnitAttentionQueue q = new UnitAttentionQueue();
        q.raise(AdditionalSense.CAPACITY_DATA_HAS_CHANGED);
        q.raise(AdditionalSense.MODE_PARAMETERS_CHANGED);
        q.raise(AdditionalSense.CAPACITY_DATA_HAS_CHANGED);
        assertEquals(2, q.size());
        assertEquals(AdditionalSense.CAPACITY_DATA_HAS_CHANGED, q.poll());
        assertEquals(AdditionalSense.MODE_PARAMETERS_CHANGED, q.poll());
        assertNull(q.poll());
    }

    @Test
    void aResetSupersedesWhatCameBefore() {
        UnitAttentionQueue q = new UnitAttentionQueue();
        q.raise(AdditionalSense.CAPACITY_DATA_HAS_CHANGED);
        q.raise(AdditionalSense.BUS_DEVICE_RESET_FUNCTION_OCCURRED);
        q.raise(AdditionalSense.REPORTED_LUNS_DATA_HAS_CHANGED);
        assertEquals(AdditionalSense.BUS_DEVICE_RESET_FUNCTION_OCCURRED, q.poll());
        assertEquals(AdditionalSense.REPORTED_LUNS_DATA_HAS_CHANGED, q.peek());
        q.clear(AdditionalSense.REPORTED_LUNS_DATA_HAS_CHANGED);
        assertNull(q.peek());
    }

    @Test
    void overflowKeepsTheNewest() {
        UnitAttentionQueue q = new UnitAttentionQueue();
        AdditionalSense[] all = AdditionalSense.values();
        int raised = 0;
        for (AdditionalSense s : all) {
            if (s.asc() != 0x29) {
                q.raise(s);
                raised++;
            }
        }
        assertEquals(UnitAttentionQueue.CAPACITY, q.size());
        AdditionalSense last = null;
        while (q.size() > 0) {
            last = q.poll();
        }
        assertEquals(all[all.length - 1], last);
        assertEquals(true, raised > UnitAttentionQueue.CAPACITY);
    }
}
