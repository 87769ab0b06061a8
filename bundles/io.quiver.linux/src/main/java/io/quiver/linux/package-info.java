/**
 * Linux system calls through the Foreign Function &amp; Memory API, and nothing else: typed wrappers with
 * their C struct layouts (asserted against the system headers by the tests), {@code errno} captured on
 * every call and thrown as {@link io.quiver.linux.LinuxException}. AF_PACKET sockets with TPACKET_V3 rings,
 * TPACKET_V2 receive rings and {@code sendmmsg} batches ({@link io.quiver.linux.PacketSocket}), network device ioctls ({@link io.quiver.linux.NetDevice}),
 * SG_IO ({@link io.quiver.linux.SgIo}), Ceph RBD images through librbd's asynchronous API and its diff of written extents through one upcall stub ({@link io.quiver.linux.Rados}, {@link io.quiver.linux.RbdImage}), file I/O the JDK lacks ({@link io.quiver.linux.FileIo}), network
 * namespaces ({@link io.quiver.linux.Namespace}) and optional libraries such as libibverbs
 * ({@link io.quiver.linux.NativeLibrary}).
 *
 * <p>The JVM must run with {@code --enable-native-access=ALL-UNNAMED} (Quiver's distribution does) or it
 * warns once at the first call.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.6.0")
package io.quiver.linux;
