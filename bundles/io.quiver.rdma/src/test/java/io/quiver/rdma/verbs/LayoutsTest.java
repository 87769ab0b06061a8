package io.quiver.rdma.verbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The structure layouts {@link Layouts} hard-codes, against rdma-core 44 as gcc sees it on x86-64 (values
 * taken with offsetof under libibverbs-dev/librdmacm-dev 44), and, where those headers and gcc are installed,
 * against the headers themselves through a C program compiled into the test's temporary directory.
 */
class LayoutsTest {

    /** C expression, Java constant, value gcc printed for rdma-core 44. */
    private static final Object[][] FACTS = {
        {"sizeof(struct ibv_device_attr)", Layouts.DEVICE_ATTR_SIZE, 232L},
        {"offsetof(struct ibv_device_attr, max_qp_wr)", Layouts.DEVICE_ATTR_MAX_QP_WR, 112L},
        {"offsetof(struct ibv_device_attr, max_sge)", Layouts.DEVICE_ATTR_MAX_SGE, 120L},
        {"offsetof(struct ibv_device_attr, max_cqe)", Layouts.DEVICE_ATTR_MAX_CQE, 132L},
        {"offsetof(struct ibv_device_attr, max_qp_rd_atom)", Layouts.DEVICE_ATTR_MAX_QP_RD_ATOM, 144L},
        {"offsetof(struct ibv_device_attr, max_qp_init_rd_atom)", Layouts.DEVICE_ATTR_MAX_QP_INIT_RD_ATOM, 156L},
        {"offsetof(struct ibv_context, ops.poll_cq)", Layouts.CONTEXT_OPS_POLL_CQ, 96L},
        {"offsetof(struct ibv_context, ops.req_notify_cq)", Layouts.CONTEXT_OPS_REQ_NOTIFY_CQ, 104L},
        {"offsetof(struct ibv_context, ops.post_send)", Layouts.CONTEXT_OPS_POST_SEND, 208L},
        {"offsetof(struct ibv_context, ops.post_recv)", Layouts.CONTEXT_OPS_POST_RECV, 216L},
        {"offsetof(struct ibv_qp, context)", Layouts.QP_CONTEXT, 0L},
        {"offsetof(struct ibv_cq, context)", Layouts.CQ_CONTEXT, 0L},
        {"offsetof(struct ibv_comp_channel, fd)", Layouts.COMP_CHANNEL_FD, 8L},
        {"offsetof(struct ibv_mr, lkey)", Layouts.MR_LKEY, 36L},
        {"offsetof(struct ibv_mr, rkey)", Layouts.MR_RKEY, 40L},
        {"sizeof(struct ibv_sge)", Layouts.SGE_SIZE, 16L},
        {"sizeof(struct ibv_send_wr)", Layouts.SEND_WR_SIZE, 128L},
        {"offsetof(struct ibv_send_wr, wr_id)", Layouts.SEND_WR_ID, 0L},
        {"offsetof(struct ibv_send_wr, next)", Layouts.SEND_WR_NEXT, 8L},
        {"offsetof(struct ibv_send_wr, sg_list)", Layouts.SEND_WR_SG_LIST, 16L},
        {"offsetof(struct ibv_send_wr, num_sge)", Layouts.SEND_WR_NUM_SGE, 24L},
        {"offsetof(struct ibv_send_wr, opcode)", Layouts.SEND_WR_OPCODE, 28L},
        {"offsetof(struct ibv_send_wr, send_flags)", Layouts.SEND_WR_FLAGS, 32L},
        {"offsetof(struct ibv_send_wr, wr.rdma.remote_addr)", Layouts.SEND_WR_RDMA_REMOTE_ADDR, 40L},
        {"offsetof(struct ibv_send_wr, wr.rdma.rkey)", Layouts.SEND_WR_RDMA_RKEY, 48L},
        {"sizeof(struct ibv_recv_wr)", Layouts.RECV_WR_SIZE, 32L},
        {"offsetof(struct ibv_recv_wr, sg_list)", Layouts.RECV_WR_SG_LIST, 16L},
        {"offsetof(struct ibv_recv_wr, num_sge)", Layouts.RECV_WR_NUM_SGE, 24L},
        {"sizeof(struct ibv_wc)", Layouts.WC_SIZE, 48L},
        {"offsetof(struct ibv_wc, status)", Layouts.WC_STATUS, 8L},
        {"offsetof(struct ibv_wc, opcode)", Layouts.WC_OPCODE, 12L},
        {"offsetof(struct ibv_wc, byte_len)", Layouts.WC_BYTE_LEN, 20L},
        {"sizeof(struct ibv_qp_init_attr)", Layouts.QP_INIT_ATTR_SIZE, 64L},
        {"offsetof(struct ibv_qp_init_attr, send_cq)", Layouts.QP_INIT_SEND_CQ, 8L},
        {"offsetof(struct ibv_qp_init_attr, recv_cq)", Layouts.QP_INIT_RECV_CQ, 16L},
        {"offsetof(struct ibv_qp_init_attr, cap)", Layouts.QP_INIT_CAP, 32L},
        {"offsetof(struct ibv_qp_init_attr, cap.max_inline_data)", Layouts.QP_INIT_CAP + 16, 48L},
        {"offsetof(struct ibv_qp_init_attr, qp_type)", Layouts.QP_INIT_QP_TYPE, 52L},
        {"offsetof(struct ibv_qp_init_attr, sq_sig_all)", Layouts.QP_INIT_SQ_SIG_ALL, 56L},
        {"offsetof(struct rdma_cm_id, verbs)", Layouts.CM_ID_VERBS, 0L},
        {"offsetof(struct rdma_cm_id, qp)", Layouts.CM_ID_QP, 24L},
        {"offsetof(struct rdma_cm_id, route.addr.src_addr)", Layouts.CM_ID_SRC_ADDR, 32L},
        {"offsetof(struct rdma_cm_id, route.addr.dst_addr)", Layouts.CM_ID_DST_ADDR, 160L},
        {"sizeof(struct rdma_cm_event)", Layouts.CM_EVENT_SIZE, 80L},
        {"offsetof(struct rdma_cm_event, id)", Layouts.CM_EVENT_ID, 0L},
        {"offsetof(struct rdma_cm_event, listen_id)", Layouts.CM_EVENT_LISTEN_ID, 8L},
        {"offsetof(struct rdma_cm_event, event)", Layouts.CM_EVENT_EVENT, 16L},
        {"offsetof(struct rdma_cm_event, status)", Layouts.CM_EVENT_STATUS, 20L},
        {"offsetof(struct rdma_cm_event, param.conn)", Layouts.CM_EVENT_PARAM, 24L},
        {"sizeof(struct rdma_conn_param)", Layouts.CONN_PARAM_SIZE, 24L},
        {"offsetof(struct rdma_conn_param, private_data_len)", Layouts.CONN_PRIVATE_DATA_LEN, 8L},
        {"offsetof(struct rdma_conn_param, responder_resources)", Layouts.CONN_RESPONDER_RESOURCES, 9L},
        {"offsetof(struct rdma_conn_param, initiator_depth)", Layouts.CONN_INITIATOR_DEPTH, 10L},
        {"offsetof(struct rdma_conn_param, retry_count)", Layouts.CONN_RETRY_COUNT, 12L},
        {"offsetof(struct rdma_conn_param, rnr_retry_count)", Layouts.CONN_RNR_RETRY_COUNT, 13L},
        {"offsetof(struct rdma_event_channel, fd)", Layouts.EVENT_CHANNEL_FD, 0L},
        {"RDMA_PS_TCP", (long) Layouts.RDMA_PS_TCP, 262L},
        {"IBV_QPT_RC", (long) Layouts.IBV_QPT_RC, 2L},
        {"IBV_WR_RDMA_WRITE", (long) Layouts.IBV_WR_RDMA_WRITE, 0L},
        {"IBV_WR_SEND", (long) Layouts.IBV_WR_SEND, 2L},
        {"IBV_WR_RDMA_READ", (long) Layouts.IBV_WR_RDMA_READ, 4L},
        {"IBV_SEND_SIGNALED", (long) Layouts.IBV_SEND_SIGNALED, 2L},
        {"IBV_SEND_INLINE", (long) Layouts.IBV_SEND_INLINE, 8L},
        {"RDMA_CM_EVENT_CONNECT_REQUEST", (long) Layouts.EV_CONNECT_REQUEST, 4L},
        {"RDMA_CM_EVENT_REJECTED", (long) Layouts.EV_REJECTED, 8L},
        {"RDMA_CM_EVENT_ESTABLISHED", (long) Layouts.EV_ESTABLISHED, 9L},
        {"RDMA_CM_EVENT_DISCONNECTED", (long) Layouts.EV_DISCONNECTED, 10L},
        {"RDMA_CM_EVENT_TIMEWAIT_EXIT", (long) Layouts.EV_TIMEWAIT_EXIT, 15L},
    };

    @Test
    void constantsAreRdmaCore44s() {
        for (Object[] fact : FACTS) {
            assertEquals((long) fact[2], (long) fact[1], (String) fact[0]);
        }
    }

    @Test
    void constantsMatchTheInstalledHeaders(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(Path.of("/usr/include/infiniband/verbs.h"))
                && Files.exists(Path.of("/usr/include/rdma/rdma_cma.h")), "libibverbs-dev/librdmacm-dev not installed");
        StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include <infiniband/verbs.h>\n"
                + "#include <rdma/rdma_cma.h>\nint main(void) {\n");
        for (Object[] fact : FACTS) {
            c.append("  printf(\"%ld\\n\", (long) (").append(fact[0]).append("));\n");
        }
        Files.writeString(dir.resolve("layouts.c"), c.append("  return 0;\n}\n"));
        Process gcc = new ProcessBuilder("gcc", "-o", "layouts", "layouts.c").directory(dir.toFile())
                .redirectErrorStream(true).start();
        assumeTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, "no gcc: "
                + new String(gcc.getInputStream().readAllBytes()));
        Process run = new ProcessBuilder(dir.resolve("layouts").toString()).start();
        List<String> lines = new String(run.getInputStream().readAllBytes()).lines().toList();
        Map<String, Long> seen = new LinkedHashMap<>();
        for (int i = 0; i < FACTS.length; i++) {
            seen.put((String) FACTS[i][0], Long.parseLong(lines.get(i)));
        }
        for (Object[] fact : FACTS) {
            assertEquals(seen.get((String) fact[0]), (long) fact[1], (String) fact[0]);
        }
    }
}
