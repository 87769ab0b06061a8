package io.quiver.handler.cdrom.impl;

import io.quiver.scsi.SenseData;

/**
 * Ends a command with CHECK CONDITION: thrown by the response builders before they allocate anything,
 * caught by {@link CdromDevice}, which fails the task with {@link #sense()}. Carries no stack trace
 * because it is an answer, not a fault.
 */
final class CheckCondition extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient SenseData sense;

    CheckCondition(SenseData sense) {
        super(sense.toString(), null, false, false);
        this.sense = sense;
    }

    static CheckCondition invalidField(int byteOffset, int bit) {
        return new CheckCondition(SenseData.invalidFieldInCdb(byteOffset, bit));
    }

    SenseData sense() {
        return sense;
    }
}
