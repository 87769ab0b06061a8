package io.quiver.sbc.impl;

import static io.quiver.scsi.ScsiOpcode.*;

import io.quiver.spi.device.DeviceTask;
import java.util.function.Function;

/**
 * The opcode table of an SBC device: which class answers which operation code. Opcodes without an
 * entry end in ILLEGAL REQUEST, INVALID COMMAND OPERATION CODE. Built once per device; immutable after.
 */
final class Dispatch {

    /** One command family's entry point; throws to end the task with CHECK CONDITION. */
    interface Command {
        void execute(DeviceTask task) throws Exception;
    }

    private Dispatch() {
    }

    /** Whether a command touches the medium, so a removable device without one answers NOT READY. */
    static boolean needsMedium(int opcode) {
        switch (opcode) {
            case START_STOP_UNIT:
            case PREVENT_ALLOW_MEDIUM_REMOVAL:
            case INQUIRY:
            case MODE_SENSE_6:
            case MODE_SENSE_10:
            case MODE_SELECT_6:
            case MODE_SELECT_10:
            case RECEIVE_COPY_RESULTS:
                return false;
            default:
                return true;
        }
    }

    static Command[] table(SbcEngine e, Function<Object, SbcEngine> engineOf) {
        Command[] t = new Command[256];
        ProvisioningCommands prov = new ProvisioningCommands(e);
        ProtectedVerify protectedVerify = e.protectionType() == 0 ? null : new ProtectedVerify(e);
        ReadWriteCommands rw = new ReadWriteCommands(e, protectedVerify, prov);
        VerifyCommands verify = new VerifyCommands(e, protectedVerify);
        CapacityCommands cap = new CapacityCommands(e);
        MediumCommands medium = new MediumCommands(e);
        ModeCommands mode = new ModeCommands(e);
        VpdPages vpd = new VpdPages(e);
        ExtendedCopy copy = new ExtendedCopy(e, engineOf);
        AtomicWriteCommands atomic = new AtomicWriteCommands(e);

        t[TEST_UNIT_READY] = task -> task.complete();
        for (int op : new int[] {READ_6, READ_10, READ_12, READ_16}) {
            t[op] = rw::read;
        }
        for (int op : new int[] {WRITE_6, WRITE_10, WRITE_12, WRITE_16,
                WRITE_AND_VERIFY_10, WRITE_AND_VERIFY_12, WRITE_AND_VERIFY_16}) {
            t[op] = rw::write;
        }
        t[ORWRITE_16] = rw::orWrite;
        t[WRITE_ATOMIC_16] = atomic::writeAtomic;
        t[VARIABLE_LENGTH] = rw::variableLength;
        for (int op : new int[] {VERIFY_10, VERIFY_12, VERIFY_16}) {
            t[op] = verify::verify;
        }
        t[COMPARE_AND_WRITE] = verify::compareAndWrite;
        t[WRITE_SAME_10] = prov::writeSame;
        t[WRITE_SAME_16] = prov::writeSame;
        t[UNMAP] = prov::unmap;
        t[READ_CAPACITY_10] = cap::readCapacity10;
        t[SERVICE_ACTION_IN_16] = task -> {
            switch (Cdb.u8(task.cdb(), 1) & 0x1F) {
                case SAI_READ_CAPACITY_16: cap.readCapacity16(task); break;
                case SAI_GET_LBA_STATUS: prov.getLbaStatus(task); break;
                default: throw Senses.invalidCdb(1, 4);
            }
        };
        t[SYNCHRONIZE_CACHE_10] = cap::synchronizeCache;
        t[SYNCHRONIZE_CACHE_16] = cap::synchronizeCache;
        t[PRE_FETCH_10] = cap::preFetch;
        t[PRE_FETCH_16] = cap::preFetch;
        t[START_STOP_UNIT] = cap::startStopUnit;
        t[PREVENT_ALLOW_MEDIUM_REMOVAL] = cap::preventAllowMediumRemoval;
        t[FORMAT_UNIT] = medium::formatUnit;
        t[READ_DEFECT_DATA_10] = medium::readDefectData;
        t[READ_DEFECT_DATA_12] = medium::readDefectData;
        t[SANITIZE] = e.sanitize::sanitize;
        t[MODE_SENSE_6] = mode::modeSense;
        t[MODE_SENSE_10] = mode::modeSense;
        t[MODE_SELECT_6] = mode::modeSelect;
        t[MODE_SELECT_10] = mode::modeSelect;
        t[INQUIRY] = vpd::inquiry;
        t[EXTENDED_COPY] = copy::extendedCopy;
        t[RECEIVE_COPY_RESULTS] = copy::receiveCopyResults;
        return t;
    }
}
