package io.quiver.spi.device;

import io.quiver.scsi.PeripheralDeviceType;
import java.util.Objects;

/**
 * A device's identity and declared capabilities (SCST declares them, the core never probes). Immutable;
 * build with {@link #builder(String, String, PeripheralDeviceType)}.
 */
public final class DeviceDescriptor {

    private final String name;
    private final String handlerName;
    private final PeripheralDeviceType type;
    private final String vendorId;
    private final String productId;
    private final String productRevision;
    private final String unitSerialNumber;
    private final String t10DeviceId;
    private final byte[] naaId;
    private final byte[] eui64Id;
    private final boolean removable;
    private final boolean readOnly;
    private final int threads;
    private final int queueDepth;

    private DeviceDescriptor(Builder b) {
        this.name = b.name;
        this.handlerName = b.handlerName;
        this.type = b.type;
        this.vendorId = b.vendorId;
        this.productId = b.productId;
        this.productRevision = b.productRevision;
        this.unitSerialNumber = b.unitSerialNumber;
        this.t10DeviceId = b.t10DeviceId;
        this.naaId = b.naaId;
        this.eui64Id = b.eui64Id;
        this.removable = b.removable;
        this.readOnly = b.readOnly;
        this.threads = b.threads;
        this.queueDepth = b.queueDepth;
    }

    public static Builder builder(String name, String handlerName, PeripheralDeviceType type) {
        return new Builder(name, handlerName, type);
    }

    /** The device's name, unique in the core (SCST's device name). */
    public String name() {
        return name;
    }

    /** The handler's {@link DeviceHandler#name()}. */
    public String handlerName() {
        return handlerName;
    }

    public PeripheralDeviceType type() {
        return type;
    }

    /** T10 VENDOR IDENTIFICATION, at most 8 ASCII characters (SCST's {@code t10_vend_id}). */
    public String vendorId() {
        return vendorId;
    }

    /** PRODUCT IDENTIFICATION, at most 16 ASCII characters (SCST's {@code prod_id}). */
    public String productId() {
        return productId;
    }

    /** PRODUCT REVISION LEVEL, at most 4 ASCII characters. */
    public String productRevision() {
        return productRevision;
    }

    /** Unit serial number for VPD 80h (SCST's {@code usn}). */
    public String unitSerialNumber() {
        return unitSerialNumber;
    }

    /**
     * The T10 device id (SCST's {@code t10_dev_id}): what follows the space-padded vendor
     * identification in the T10 vendor ID based designator of VPD 83h. Defaults to the
     * {@link #unitSerialNumber()}.
     */
    public String t10DeviceId() {
        return t10DeviceId == null ? unitSerialNumber : t10DeviceId;
    }

    /** An NAA designator (8 or 16 bytes) for VPD 83h, or {@code null} (SCST's {@code naa_id}). */
    public byte[] naaId() {
        return naaId == null ? null : naaId.clone();
    }

    /** An EUI-64 designator (8, 12 or 16 bytes) for VPD 83h, or {@code null} (SCST's {@code eui64_id}). */
    public byte[] eui64Id() {
        return eui64Id == null ? null : eui64Id.clone();
    }

    /** Removable medium (the RMB bit of INQUIRY). */
    public boolean removable() {
        return removable;
    }

    /** The device itself is read-only, whatever its LUNs say. */
    public boolean readOnly() {
        return readOnly;
    }

    /**
     * Threads the core gives the device (SCST's {@code threads_num}): 0 means
     * {@link ScsiDevice#execute} never blocks and runs on the submitting thread.
     */
    public int threads() {
        return threads;
    }

    /** Commands the device accepts at once across all nexuses before TASK SET FULL. */
    public int queueDepth() {
        return queueDepth;
    }

    /** Builds a {@link DeviceDescriptor}; used by one thread. */
    public static final class Builder {
        private final String name;
        private final String handlerName;
        private final PeripheralDeviceType type;
        private String vendorId = "QUIVER";
        private String productId;
        private String productRevision = "0100";
        private String unitSerialNumber;
        private String t10DeviceId;
        private byte[] naaId;
        private byte[] eui64Id;
        private boolean removable;
        private boolean readOnly;
        private int threads;
        private int queueDepth = 128;

        Builder(String name, String handlerName, PeripheralDeviceType type) {
            this.name = Objects.requireNonNull(name, "name");
            this.handlerName = Objects.requireNonNull(handlerName, "handlerName");
            this.type = Objects.requireNonNull(type, "type");
            this.productId = name.length() > 16 ? name.substring(0, 16) : name;
            this.unitSerialNumber = Integer.toHexString(name.hashCode());
        }

        public Builder vendorId(String v) {
            this.vendorId = ascii(v, 8, "vendorId");
            return this;
        }

        public Builder productId(String v) {
            this.productId = ascii(v, 16, "productId");
            return this;
        }

        public Builder productRevision(String v) {
            this.productRevision = ascii(v, 4, "productRevision");
            return this;
        }

        public Builder unitSerialNumber(String v) {
            this.unitSerialNumber = ascii(v, 252, "unitSerialNumber");
            return this;
        }

        /**
         * The T10 device id for VPD 83h (SCST's {@code t10_dev_id}), at most 247 printable ASCII
         * characters (the designator is the 8-byte vendor identification plus this); {@code null} means
         * the unit serial number.
         */
        public Builder t10DeviceId(String v) {
            this.t10DeviceId = v == null ? null : ascii(v, 247, "t10DeviceId");
            return this;
        }

        public Builder naaId(byte[] v) {
            if (v != null && v.length != 8 && v.length != 16) {
                throw new IllegalArgumentException("naaId must be 8 or 16 bytes");
            }
            this.naaId = v == null ? null : v.clone();
            return this;
        }

        public Builder eui64Id(byte[] v) {
            if (v != null && v.length != 8 && v.length != 12 && v.length != 16) {
                throw new IllegalArgumentException("eui64Id must be 8, 12 or 16 bytes");
            }
            this.eui64Id = v == null ? null : v.clone();
            return this;
        }

        public Builder removable(boolean v) {
            this.removable = v;
            return this;
        }

        public Builder readOnly(boolean v) {
            this.readOnly = v;
            return this;
        }

        public Builder threads(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("threads must be >= 0");
            }
            this.threads = v;
            return this;
        }

        public Builder queueDepth(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("queueDepth must be >= 1");
            }
            this.queueDepth = v;
            return this;
        }

        public DeviceDescriptor build() {
            return new DeviceDescriptor(this);
        }

        private static String ascii(String v, int max, String what) {
            Objects.requireNonNull(v, what);
            if (v.length() > max || !v.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
                throw new IllegalArgumentException(what + " must be at most " + max + " printable ASCII characters: " + v);
            }
            return v;
        }
    }
}
