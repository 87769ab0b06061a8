package io.quiver.spi.device;

import io.quiver.scsi.PeripheralDeviceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A device's identity and declared capabilities (SCST declares them, the core never probes). Immutable;
 * build with {@link #builder(String, String, PeripheralDeviceType)}.
 *
 * <p>The unit serial number (VPD 80h) and the logical-unit designators of VPD 83h are the core's: it
 * derives them from the installation and the device name so that no two installations report the same
 * ones. What a handler sets here ({@link #unitSerialNumber()}, {@link #t10DeviceId()}, {@link #naaId()},
 * {@link #eui64Id()}, normally SCST's {@code usn}, {@code t10_dev_id}, {@code naa_id}, {@code eui64_id}
 * through {@link IdentityAttributes}) overrides the derived value; {@code null} means "derive". A
 * pass-through handler reports the real device's designators instead ({@link #logicalUnitDesignators()}).
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
    private final boolean noNaaId;
    private final List<byte[]> logicalUnitDesignators;
    private final boolean removable;
    private final boolean readOnly;
    private final int threads;
    private final int queueDepth;
    private final int protectionType;
    private final boolean clusterMode;
    private final boolean reordersOnItsOwn;

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
        this.noNaaId = b.noNaaId;
        this.logicalUnitDesignators = List.copyOf(b.logicalUnitDesignators);
        this.removable = b.removable;
        this.readOnly = b.readOnly;
        this.threads = b.threads;
        this.queueDepth = b.queueDepth;
        this.protectionType = b.protectionType;
        this.clusterMode = b.clusterMode;
        this.reordersOnItsOwn = b.reordersOnItsOwn;
    }

    /**
     * Whether the device may process commands in another order than the core released them: when the core
     * gives it more than one thread, or when the device said so itself because it moves some commands to
     * threads of its own while serving others on the submitting thread. The core then keeps SIMPLE tasks
     * with data-out in order itself under QUEUE ALGORITHM MODIFIER 0 (restricted reordering).
     */
    public boolean reorders() {
        return threads > 1 || reordersOnItsOwn;
    }

    /**
     * SCST's {@code cluster_mode}: several Quiver nodes serve this device over shared storage. The core then
     * keeps its reservation state in the shared {@link io.quiver.spi.cluster.ReservationStore} (when one is
     * registered; without one the device refuses media access with NOT READY), derives its identity from the
     * cluster id instead of the installation id, and fences writes when the node loses the cluster.
     */
    public boolean clusterMode() {
        return clusterMode;
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

    /**
     * The unit serial number for VPD 80h the configuration sets (SCST's {@code usn}), or {@code null}: the
     * core derives one from the installation and the device name.
     */
    public String unitSerialNumber() {
        return unitSerialNumber;
    }

    /**
     * The T10 device id the configuration sets (SCST's {@code t10_dev_id}): what follows the space-padded
     * vendor identification in the T10 vendor ID based designator of VPD 83h; {@code null}: the core
     * derives one (the unit serial number, a dash, the device name).
     */
    public String t10DeviceId() {
        return t10DeviceId;
    }

    /**
     * The NAA designator (8 or 16 bytes) the configuration sets (SCST's {@code naa_id}), or {@code null}:
     * the core derives an NAA IEEE Registered Extended one unless {@link #noNaaId()}.
     */
    public byte[] naaId() {
        return naaId == null ? null : naaId.clone();
    }

    /** The configuration asks for no NAA designator at all ({@code naa_id none}). */
    public boolean noNaaId() {
        return noNaaId;
    }

    /** An EUI-64 designator (8, 12 or 16 bytes) for VPD 83h, or {@code null} (SCST's {@code eui64_id}). */
    public byte[] eui64Id() {
        return eui64Id == null ? null : eui64Id.clone();
    }

    /**
     * The device's own logical-unit designation descriptors (SPC-4 7.8.6.1, each with its 4-byte header,
     * association 00b), which VPD 83h reports instead of the designators the core derives; the core adds
     * the target port, relative port and port group designators. Empty (the default) for every handler
     * but pass-through, which copies the real device's. Copies; safe to keep.
     */
    public List<byte[]> logicalUnitDesignators() {
        List<byte[]> out = new ArrayList<>(logicalUnitDesignators.size());
        logicalUnitDesignators.forEach(d -> out.add(d.clone()));
        return out;
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

    /**
     * The T10 protection information type the medium is formatted with (SBC-4 4.22): 0 none, 1, 2 or 3. The
     * core reports it in standard INQUIRY (PROTECT) and the Extended INQUIRY Data VPD page (SPT, GRD_CHK,
     * APP_CHK, REF_CHK); the device answers everything else about it.
     */
    public int protectionType() {
        return protectionType;
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
        private boolean noNaaId;
        private final List<byte[]> logicalUnitDesignators = new ArrayList<>();
        private boolean removable;
        private boolean readOnly;
        private int threads;
        private int queueDepth = 128;
        private int protectionType;
        private boolean clusterMode;
        private boolean reordersOnItsOwn;

        Builder(String name, String handlerName, PeripheralDeviceType type) {
            this.name = Objects.requireNonNull(name, "name");
            this.handlerName = Objects.requireNonNull(handlerName, "handlerName");
            this.type = Objects.requireNonNull(type, "type");
            this.productId = name.length() > 16 ? name.substring(0, 16) : name;
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

        /** The unit serial number (SCST's {@code usn}); {@code null}, the default, lets the core derive it. */
        public Builder unitSerialNumber(String v) {
            this.unitSerialNumber = v == null ? null : ascii(v, 252, "unitSerialNumber");
            return this;
        }

        /**
         * The T10 device id for VPD 83h (SCST's {@code t10_dev_id}), at most 247 printable ASCII
         * characters (the designator is the 8-byte vendor identification plus this); {@code null}, the
         * default, lets the core derive it.
         */
        public Builder t10DeviceId(String v) {
            this.t10DeviceId = v == null ? null : ascii(v, 247, "t10DeviceId");
            return this;
        }

        /**
         * The NAA designator; {@code null}, the default, lets the core derive one. 16 bytes must be NAA
         * IEEE Registered Extended (6h), 8 bytes NAA IEEE Extended (2h), Locally Assigned (3h) or IEEE
         * Registered (5h), as the first hex digit says (SPC-4 7.8.6.6).
         */
        public Builder naaId(byte[] v) {
            if (v != null) {
                int naa = (v[0] >> 4) & 0xF;
                boolean ok = v.length == 16 ? naa == 6 : v.length == 8 && (naa == 2 || naa == 3 || naa == 5);
                if (!ok) {
                    throw new IllegalArgumentException("naaId must be 16 bytes of NAA 6h or 8 bytes of NAA 2h, 3h or 5h");
                }
            }
            this.naaId = v == null ? null : v.clone();
            return this;
        }

        /** No NAA designator at all, neither configured nor derived (for hosts that key on the T10 one). */
        public Builder noNaaId(boolean v) {
            this.noNaaId = v;
            return this;
        }

        /**
         * The device's own logical-unit designation descriptors (see
         * {@link DeviceDescriptor#logicalUnitDesignators()}), each a complete descriptor: header and designator.
         *
         * @throws IllegalArgumentException if one is not a well-formed descriptor of association 00b
         */
        public Builder logicalUnitDesignators(List<byte[]> descriptors) {
            logicalUnitDesignators.clear();
            for (byte[] d : descriptors) {
                if (d.length < 4 || d.length != 4 + (d[3] & 0xFF) || (d[1] & 0x30) != 0) {
                    throw new IllegalArgumentException("not a logical-unit designation descriptor");
                }
                logicalUnitDesignators.add(d.clone());
            }
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

        /** T10 protection information type: 0 (the default, none), 1, 2 or 3. */
        public Builder protectionType(int v) {
            if (v < 0 || v > 3) {
                throw new IllegalArgumentException("protectionType must be 0, 1, 2 or 3: " + v);
            }
            this.protectionType = v;
            return this;
        }

        /** SCST's {@code cluster_mode} (see {@link DeviceDescriptor#clusterMode()}); default off. */
        public Builder clusterMode(boolean v) {
            this.clusterMode = v;
            return this;
        }

        /**
         * The device reorders commands by itself (see {@link DeviceDescriptor#reorders()}): it runs some on the
         * submitting thread and hands others to threads of its own. Default off.
         */
        public Builder reordersOnItsOwn(boolean v) {
            this.reordersOnItsOwn = v;
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
