package io.quiver.handler.fileio.impl.channel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Access to {@code O_DIRECT} ({@code com.sun.nio.file.ExtendedOpenOption.DIRECT}), looked up reflectively
 * because {@code com.sun.nio.file} lives in {@code jdk.unsupported} and an OSGi bundle cannot import it
 * through a package wire. Stateless; safe on any thread.
 *
 * <p>With {@code DIRECT} the JDK itself demands that the channel position, the buffer address and the
 * transfer length are multiples of the file store's fragment size ({@code f_frsize}, usually 4096), and
 * throws otherwise. {@link #alignment(Path)} reports that number so callers can refuse a configuration
 * that could never satisfy it instead of failing every command.
 */
public final class DirectIo {

    private static final OpenOption DIRECT = lookup();

    private DirectIo() {
    }

    /** Whether this JDK offers {@code DIRECT}. */
    public static boolean available() {
        return DIRECT != null;
    }

    /**
     * The {@code DIRECT} open option.
     *
     * @param attribute the configuration attribute that asked for it, named in the error
     * @throws IllegalStateException if this JDK has no {@code ExtendedOpenOption.DIRECT}
     */
    public static OpenOption option(String attribute) {
        if (DIRECT == null) {
            throw new IllegalStateException(attribute + ": this JVM has no com.sun.nio.file.ExtendedOpenOption.DIRECT "
                    + "(module jdk.unsupported), so O_DIRECT cannot be used; set " + attribute + " to false");
        }
        return DIRECT;
    }

    /** The alignment {@code DIRECT} I/O on {@code file} must respect: its file store's block size. */
    public static int alignment(Path file) throws IOException {
        long size = Files.getFileStore(file).getBlockSize();
        return size <= 0 || size > (1 << 20) ? 4096 : (int) size;
    }

    private static OpenOption lookup() {
        try {
            // The platform loader sees jdk.unsupported whatever the framework's boot delegation says.
            Class<?> c = Class.forName("com.sun.nio.file.ExtendedOpenOption", false,
                    ClassLoader.getPlatformClassLoader());
            for (Object constant : c.getEnumConstants()) {
                if ("DIRECT".equals(((Enum<?>) constant).name())) {
                    return (OpenOption) constant;
                }
            }
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
