package io.quiver.rdma.verbs;

/**
 * Sizes, offsets and constants of the rdma-core 44 structures this provider reads and writes (x86-64 LP64).
 * The headers are not installed where Quiver runs, so the values were taken from rdma-core's
 * {@code infiniband/verbs.h} and {@code rdma/rdma_cma.h} and checked with {@code offsetof} under gcc against
 * libibverbs-dev/librdmacm-dev 44; {@code LayoutsTest} pins them. They are ABI: rdma-core keeps them stable.
 */
final class Layouts {

    // struct ibv_device_attr
    static final long DEVICE_ATTR_SIZE = 232;
    static final long DEVICE_ATTR_MAX_QP_WR = 112;
    static final long DEVICE_ATTR_MAX_SGE = 120;
    static final long DEVICE_ATTR_MAX_CQE = 132;
    static final long DEVICE_ATTR_MAX_QP_RD_ATOM = 144;
    static final long DEVICE_ATTR_MAX_QP_INIT_RD_ATOM = 156;

    // struct ibv_context: the ops table the inline ibv_post_send/post_recv/poll_cq/req_notify_cq call through
    static final long CONTEXT_OPS_POLL_CQ = 96;
    static final long CONTEXT_OPS_REQ_NOTIFY_CQ = 104;
    static final long CONTEXT_OPS_POST_SEND = 208;
    static final long CONTEXT_OPS_POST_RECV = 216;

    // struct ibv_qp, ibv_cq (context first in both), ibv_comp_channel, ibv_mr
    static final long QP_CONTEXT = 0;
    static final long CQ_CONTEXT = 0;
    static final long COMP_CHANNEL_FD = 8;
    static final long MR_LKEY = 36;
    static final long MR_RKEY = 40;

    // struct ibv_sge
    static final long SGE_SIZE = 16;

    // struct ibv_send_wr
    static final long SEND_WR_SIZE = 128;
    static final long SEND_WR_ID = 0;
    static final long SEND_WR_NEXT = 8;
    static final long SEND_WR_SG_LIST = 16;
    static final long SEND_WR_NUM_SGE = 24;
    static final long SEND_WR_OPCODE = 28;
    static final long SEND_WR_FLAGS = 32;
    static final long SEND_WR_RDMA_REMOTE_ADDR = 40;
    static final long SEND_WR_RDMA_RKEY = 48;

    // struct ibv_recv_wr
    static final long RECV_WR_SIZE = 32;
    static final long RECV_WR_SG_LIST = 16;
    static final long RECV_WR_NUM_SGE = 24;

    // struct ibv_wc
    static final long WC_SIZE = 48;
    static final long WC_STATUS = 8;
    static final long WC_OPCODE = 12;
    static final long WC_BYTE_LEN = 20;

    // struct ibv_qp_init_attr and its ibv_qp_cap
    static final long QP_INIT_ATTR_SIZE = 64;
    static final long QP_INIT_SEND_CQ = 8;
    static final long QP_INIT_RECV_CQ = 16;
    static final long QP_INIT_CAP = 32; // max_send_wr, max_recv_wr, max_send_sge, max_recv_sge, max_inline_data
    static final long QP_INIT_QP_TYPE = 52;
    static final long QP_INIT_SQ_SIG_ALL = 56;

    // struct rdma_cm_id
    static final long CM_ID_VERBS = 0;
    static final long CM_ID_QP = 24;
    // route.addr.src_addr and dst_addr: what the inline rdma_get_local_addr/rdma_get_peer_addr return
    static final long CM_ID_SRC_ADDR = 32;
    static final long CM_ID_DST_ADDR = 160;

    // struct rdma_cm_event and struct rdma_conn_param (param.conn sits at the union's start)
    static final long CM_EVENT_SIZE = 80;
    static final long CM_EVENT_ID = 0;
    static final long CM_EVENT_LISTEN_ID = 8;
    static final long CM_EVENT_EVENT = 16;
    static final long CM_EVENT_STATUS = 20;
    static final long CM_EVENT_PARAM = 24;
    static final long CONN_PARAM_SIZE = 24;
    static final long CONN_PRIVATE_DATA = 0;
    static final long CONN_PRIVATE_DATA_LEN = 8;
    static final long CONN_RESPONDER_RESOURCES = 9;
    static final long CONN_INITIATOR_DEPTH = 10;
    static final long CONN_RETRY_COUNT = 12;
    static final long CONN_RNR_RETRY_COUNT = 13;

    // struct rdma_event_channel
    static final long EVENT_CHANNEL_FD = 0;

    // enums and flags
    static final int RDMA_PS_TCP = 0x0106;
    static final int IBV_QPT_RC = 2;
    static final int IBV_WR_RDMA_WRITE = 0;
    static final int IBV_WR_SEND = 2;
    static final int IBV_WR_RDMA_READ = 4;
    static final int IBV_SEND_SIGNALED = 2;
    static final int IBV_SEND_INLINE = 8;
    static final int IBV_WC_RECV = 128;
    static final int IBV_ACCESS_LOCAL_WRITE = 1;
    static final int IBV_ACCESS_REMOTE_WRITE = 2;
    static final int IBV_ACCESS_REMOTE_READ = 4;

    // enum rdma_cm_event_type
    static final int EV_ADDR_RESOLVED = 0;
    static final int EV_ADDR_ERROR = 1;
    static final int EV_ROUTE_RESOLVED = 2;
    static final int EV_ROUTE_ERROR = 3;
    static final int EV_CONNECT_REQUEST = 4;
    static final int EV_CONNECT_ERROR = 6;
    static final int EV_UNREACHABLE = 7;
    static final int EV_REJECTED = 8;
    static final int EV_ESTABLISHED = 9;
    static final int EV_DISCONNECTED = 10;
    static final int EV_DEVICE_REMOVAL = 11;
    static final int EV_TIMEWAIT_EXIT = 15;

    private Layouts() {
    }
}
