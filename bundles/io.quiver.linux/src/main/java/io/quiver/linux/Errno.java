package io.quiver.linux;

/**
 * The Linux x86-64/aarch64 {@code errno} values the callers of this layer test for, and their names for
 * messages. Values only.
 */
public final class Errno {

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOTTY = 25;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int ESPIPE = 29;
    public static final int ENOSYS = 38;
    /** librbd's compare-and-write mismatch. */
    public static final int EILSEQ = 84;
    public static final int ENOTSOCK = 88;
    public static final int EMSGSIZE = 90;
    public static final int EPROTONOSUPPORT = 93;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRINUSE = 98;
    public static final int ENETDOWN = 100;
    /** librados' answer to a request past rados_osd_op_timeout. */
    public static final int ETIMEDOUT = 110;

    private static final String[] NAMES = new String[ETIMEDOUT + 1];

    static {
        String[] names = {"EPERM", "ENOENT", null, "EINTR", "EIO", "ENXIO", null, null, "EBADF", null, "EAGAIN",
            "ENOMEM", "EACCES", "EFAULT", null, "EBUSY", null, null, "ENODEV", null, null, "EINVAL", null, null,
            "ENOTTY", null, "EFBIG", "ENOSPC", "ESPIPE"};
        System.arraycopy(names, 0, NAMES, 1, names.length);
        NAMES[ENOSYS] = "ENOSYS";
        NAMES[EILSEQ] = "EILSEQ";
        NAMES[ENOTSOCK] = "ENOTSOCK";
        NAMES[EMSGSIZE] = "EMSGSIZE";
        NAMES[EPROTONOSUPPORT] = "EPROTONOSUPPORT";
        NAMES[EOPNOTSUPP] = "EOPNOTSUPP";
        NAMES[EAFNOSUPPORT] = "EAFNOSUPPORT";
        NAMES[EADDRINUSE] = "EADDRINUSE";
        NAMES[ENETDOWN] = "ENETDOWN";
        NAMES[ETIMEDOUT] = "ETIMEDOUT";
    }

    private Errno() {
    }

    /** The symbolic name of {@code errno} ("EAGAIN"), or "errno N" for one not listed here. */
    public static String name(int errno) {
        String n = errno > 0 && errno < NAMES.length ? NAMES[errno] : null;
        return n != null ? n : "errno " + errno;
    }
}
