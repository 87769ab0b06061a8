package io.quiver.transport.iscsi.impl.session;

import io.quiver.spi.target.TaskManagementFunction;
import io.quiver.spi.target.TaskManagementRequest;
import io.quiver.spi.target.TaskManagementResult;
import io.quiver.iscsi.pdu.TaskManagementPdu;

/**
 * One Task Management Function Request handed to the core. The core's completion may come from any thread
 * and is sent from the connection's event loop; a TARGET COLD RESET drops the connection after its response
 * (RFC 7143, 11.5.1).
 */
final class TaskManagementTask implements TaskManagementRequest {

    private final IscsiConnection connection;
    private final TaskManagementFunction function;
    private final long lun;
    private final int itt;
    private final int referencedTag;

    TaskManagementTask(IscsiConnection connection, TaskManagementFunction function, long lun, int itt, int referencedTag) {
        this.connection = connection;
        this.function = function;
        this.lun = lun;
        this.itt = itt;
        this.referencedTag = referencedTag;
    }

    @Override
    public TaskManagementFunction function() {
        return function;
    }

    @Override
    public long lun() {
        return lun;
    }

    @Override
    public long referencedTag() {
        return referencedTag & 0xFFFFFFFFL;
    }

    @Override
    public void complete(TaskManagementResult result) {
        connection.execute(() -> {
            if (!connection.isActive()) {
                return;
            }
            int code = TaskManagementPdu.responseCode(result.response());
            if (function == TaskManagementFunction.TARGET_COLD_RESET) {
                connection.sendAndClose(TaskManagementPdu.response(connection.alloc(), itt, code));
            } else {
                connection.send(TaskManagementPdu.response(connection.alloc(), itt, code));
                connection.flush();
            }
        });
    }
}
