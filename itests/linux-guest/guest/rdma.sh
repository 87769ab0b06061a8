# The RDMA family (RdmaGuestIT): Quiver's verbs provider (io.quiver.rdma, librdmacm/libibverbs through FFM) on
# rxe0 over eth0, in the host's JDK (shared at $GUEST_JDK). VerbsSelfCheck connects the JVM to itself over
# 10.0.2.15 and prints its own CHECK lines; its classpath is the 9p share the IT made (RDMA_CP).
# Env: RDMA_CP (classpath in the guest), RDMA_PORT
check rdma_rxe_link_active rxe_link
ip=$(ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1)
t0=$(seconds)
"$GUEST_JDK/bin/java" -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m \
    -XX:MaxDirectMemorySize=256m -Dio.netty.leakDetection.level=paranoid --enable-native-access=ALL-UNNAMED \
    -cp "$RDMA_CP" io.quiver.rdma.verbs.VerbsSelfCheck "$ip" "$RDMA_PORT" > /tmp/rdma-self-check.log 2>&1
status=$?
cat /tmp/rdma-self-check.log
# a JVM crash in native code: the frames say which library and call (the guest's /test is gone after the run)
for f in hs_err_pid*.log /tmp/hs_err_pid*.log; do [ -f "$f" ] && sed -n '1,/^Registers/p' "$f" | head -80; done
echo "GUEST rdma self check took $(awk "BEGIN {print $(seconds) - $t0}") s"
check rdma_self_check_exit equal "VerbsSelfCheck exit status" 0 "$status"
check rdma_no_leak_reported sh -c '! grep -n "LEAK:" /tmp/rdma-self-check.log'
check rdma_no_exception_logged sh -c '! grep -n "Exception\|ERROR" /tmp/rdma-self-check.log'
