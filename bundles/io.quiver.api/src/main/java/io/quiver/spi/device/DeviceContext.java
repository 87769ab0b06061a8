package io.quiver.spi.device;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseData;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The core's side of an attached device: how a device reports changes that initiators must hear of.
 * Implemented by the core; thread-safe; no method blocks.
 */
@ProviderType
public interface DeviceContext {

    /**
     * The capacity changed (resize): every nexus of every LUN mapping the device gets the unit attention
     * CAPACITY DATA HAS CHANGED.
     */
    void capacityChanged();

    /** The descriptor changed (identity, read-only, ...): INQUIRY DATA HAS CHANGED on every nexus. */
    void descriptorChanged();

    /**
     * The medium changed (a CD image replaced, ejected or loaded): NOT READY TO READY CHANGE, MEDIUM MAY
     * HAVE CHANGED on every nexus.
     */
    void mediumChanged();

    /**
     * Mode parameters changed through MODE SELECT on one nexus: the others get MODE PARAMETERS CHANGED.
     *
     * @param task the MODE SELECT task whose nexus is spared
     */
    void modeParametersChanged(DeviceTask task);

    /**
     * The device itself reported a unit attention on {@code task} (a pass-through device whose real device
     * was reset, resized or changed by someone else: SCST's {@code scst_dev_check_set_UA}). The task reports
     * it to its own nexus as its CHECK CONDITION; the core queues {@code sense} as a unit attention for every
     * other nexus of every LUN mapping the device, so each initiator hears of the change once.
     *
     * @param task the task that received the unit attention; its nexus is spared
     * @param sense the additional sense code of the unit attention
     * @since 0.7.0
     */
    void unitAttention(DeviceTask task, AdditionalSense sense);

    /**
     * The device's Control mode page (SPC-4 7.5.8) fields the core enforces: reported at
     * {@link ScsiDevice#attach} time by devices that have the page and again after every MODE SELECT that
     * changes them. Devices that never call it get D_SENSE 0, TAS 0, QAM 0.
     *
     * @param descriptorSense D_SENSE: sense data in descriptor format
     * @param taskAbortedStatus TAS: tasks aborted by another nexus end with TASK ABORTED status
     * @param queueAlgorithmModifier QUEUE ALGORITHM MODIFIER: 0 restricted reordering, 1 unrestricted
     */
    void controlModeChanged(boolean descriptorSense, boolean taskAbortedStatus, int queueAlgorithmModifier);

    /**
     * Another device the core knows, by the designator of one of its identification descriptors
     * (VPD 83h: NAA, EUI-64 or T10 vendor ID bytes, configured or derived by the core), for third-party
     * copy between devices. Empty if none.
     */
    Optional<ScsiDevice> findDevice(byte[] designator);

    /**
     * A deferred error (SPC-4 4.5.1.6, 4.5.4): the device found an error after it had completed the
     * command concerned (a write-back flush that failed, an IMMED operation that failed in the
     * background). The core queues it for every I_T nexus of every LUN mapping the device and reports it
     * on that nexus' next command (not INQUIRY, REPORT LUNS or REQUEST SENSE) as CHECK CONDITION with this
     * sense, without running the command; a pending unit attention is reported first. REQUEST SENSE
     * reports it too (and clears it for its nexus).
     *
     * @param sense the error, marked deferred (response code 71h/73h, {@code SenseBuilder.deferred()})
     * @throws IllegalArgumentException if {@code sense} is not marked deferred
     */
    void deferredError(SenseData sense);
}
