# The host-JDK family (GuestQuiverIT): the JDK LinuxGuest.withHostJdk() shares runs inside the guest.
host_jdk_checks
