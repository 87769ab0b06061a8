package io.quiver.sbc.impl;

import io.quiver.scsi.SenseData;

/**
 * A command ends in CHECK CONDITION with this sense: thrown while validating or executing a command and
 * turned into {@code DeviceTask.fail} at one place ({@link TaskFlow#guard}). Carries no stack trace:
 * it is a result, not a bug. Immutable.
 */
final class SenseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient SenseData sense;

    SenseException(SenseData sense) {
        super(sense.toString(), null, false, false);
        this.sense = sense;
    }

    SenseData sense() {
        return sense;
    }
}
