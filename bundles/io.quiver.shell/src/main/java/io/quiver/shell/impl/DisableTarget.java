package io.quiver.shell.impl;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code quiver:disable TARGET}: the target logs its sessions out and refuses logins. */
@Command(scope = "quiver", name = "disable", description = "Disables a target (sets enabled=false; its sessions are logged out).")
@Service
public class DisableTarget extends TargetSwitch {

    @Override
    boolean enabled() {
        return false;
    }
}
