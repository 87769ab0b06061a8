package io.quiver.transport.srp.impl;

import io.quiver.spi.target.InitiatorPort;
import io.quiver.spi.target.ScsiCommand;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.Session;
import io.quiver.spi.target.SessionTransport;
import io.quiver.spi.target.TaskManagementRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;

/** A core target that records sessions, commands and task management requests for the test to answer. */
final class FakeCore implements ScsiTarget {

    final List<FakeSession> sessions = new ArrayList<>();
    boolean admitAll = true;

    @Override
    public String name() {
        return "srp-test";
    }

    @Override
    public int relativeTargetPortId() {
        return 1;
    }

    @Override
    public synchronized Session openSession(InitiatorPort initiator, SessionTransport transport) {
        FakeSession s = new FakeSession(initiator, transport);
        sessions.add(s);
        return s;
    }

    @Override
    public boolean admits(String initiatorName) {
        return admitAll;
    }

    @Override
    public void unregister() {
    }

    final class FakeSession implements Session {
        final InitiatorPort initiator;
        final SessionTransport transport;
        final LinkedBlockingDeque<ScsiCommand> commands = new LinkedBlockingDeque<>();
        final LinkedBlockingDeque<TaskManagementRequest> tmfs = new LinkedBlockingDeque<>();
        volatile boolean closed;

        FakeSession(InitiatorPort initiator, SessionTransport transport) {
            this.initiator = initiator;
            this.transport = transport;
        }

        @Override
        public InitiatorPort initiator() {
            return initiator;
        }

        @Override
        public ScsiTarget target() {
            return FakeCore.this;
        }

        @Override
        public void submit(ScsiCommand command) {
            commands.add(command);
        }

        @Override
        public void submit(TaskManagementRequest request) {
            tmfs.add(request);
        }

        @Override
        public int queueDepth() {
            return 128;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
