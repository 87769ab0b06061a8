package io.quiver.transport.iscsi.impl.config;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.quiver.iscsi.codec.PduDecoder;
import io.quiver.iscsi.codec.PduEncoder;
import io.quiver.transport.iscsi.impl.session.ConnectionSettings;
import io.quiver.transport.iscsi.impl.session.TcpWire;
import io.quiver.transport.iscsi.impl.session.TargetDirectory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The listening side: a few event loops (epoll when its native part is present, NIO otherwise), one server
 * channel per portal, and per connection the pipeline decoder, encoder, {@link TcpWire}, with pooled
 * direct buffers. {@link #bind} and {@link #close} block and must not run on an event loop (DS activation
 * threads call them).
 */
final class PortalServer {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PortalServer.class);

    private final EventLoopGroup group;
    private final Class<? extends ServerChannel> channelClass;
    private final List<Channel> listeners = new ArrayList<>();
    private final boolean busyPoll;

    PortalServer(int eventLoops) {
        this(eventLoops, false, 0);
    }

    PortalServer(int eventLoops, boolean busyPoll) {
        this(eventLoops, busyPoll, 0);
    }

    /**
     * @param busyPoll event loops that never sleep: {@code epoll_wait} with a zero timeout in a loop
     *        ({@link SelectStrategy#BUSY_WAIT}), trading a core per loop for the wake-up latency
     * @param busyPollUsecs without {@code busyPoll}: microseconds a loop polls after its last I/O before it
     *        sleeps ({@link PollThenSleep}); 0 sleeps at once
     */
    PortalServer(int eventLoops, boolean busyPoll, int busyPollUsecs) {
        boolean epoll = Epoll.isAvailable();
        DefaultThreadFactory threads = new DefaultThreadFactory("quiver-iscsi", true);
        SelectStrategyFactory strategy = busyPoll ? () -> (selectNow, hasTasks) -> SelectStrategy.BUSY_WAIT
                : busyPollUsecs > 0 ? PollThenSleep.factory(busyPollUsecs) : DefaultSelectStrategyFactory.INSTANCE;
        group = new MultiThreadIoEventLoopGroup(eventLoops, threads,
                epoll ? EpollIoHandler.newFactory(0, strategy) : NioIoHandler.newFactory());
        channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.busyPoll = epoll && busyPoll;
        if (epoll) {
            LOG.info("iSCSI portals use native epoll, {} event loops{}", eventLoops, busyPoll
                    ? ", busy-polling (busy_poll)"
                    : busyPollUsecs > 0 ? ", polling " + busyPollUsecs + " us after I/O (busy_poll_usecs)" : "");
        } else {
            LOG.info("native epoll unavailable ({}): using NIO", String.valueOf(Epoll.unavailabilityCause()));
        }
    }

    /** Whether the event loops busy-poll (asked for, and epoll is there to do it). */
    boolean busyPolls() {
        return busyPoll;
    }

    /** Whether connections run on the native epoll transport. */
    boolean usesEpoll() {
        return channelClass == EpollServerSocketChannel.class;
    }

    /** Parses {@code address:port} / {@code [v6]:port}. */
    static InetSocketAddress parse(String portal) {
        String p = portal.trim();
        int colon = p.lastIndexOf(':');
        if (colon <= 0 || (p.indexOf(':') != colon && !p.startsWith("["))) {
            throw new IllegalArgumentException("portal must be address:port or [v6]:port: " + portal);
        }
        String host = p.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, Integer.parseInt(p.substring(colon + 1)));
    }

    /** Binds one more portal; returns its bound address (port 0 picks a free one). */
    InetSocketAddress bind(String portal, TargetDirectory directory, ConnectionSettings settings)
            throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(channelClass)
                .option(ChannelOption.SO_REUSEADDR, true)
                // The allocator the core hands devices for data-in (Netty's default, pooled and direct): one
                // set of arenas for both, instead of two that each hold their own chunks.
                .childOption(ChannelOption.ALLOCATOR, ByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // Above the high mark the connection stops reading (TcpWire): bounds what one
                // initiator that does not read its responses can make the target hold.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new PduDecoder(), new PduEncoder(),
                                new TcpWire(directory, settings));
                    }
                });
        Channel ch = b.bind(parse(portal)).sync().channel();
        synchronized (listeners) {
            listeners.add(ch);
        }
        return (InetSocketAddress) ch.localAddress();
    }

    /** Stops listening; connections stay until {@link #shutdown}. */
    void unbindAll() {
        synchronized (listeners) {
            for (Channel ch : listeners) {
                ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
            listeners.clear();
        }
    }

    /** Stops listening and closes every connection. */
    void shutdown() {
        unbindAll();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
