package io.quiver.shell.impl;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code quiver:enable TARGET}: the target accepts logins and is listed by discovery. */
@Command(scope = "quiver", name = "enable", description = "Enables a target (sets enabled=true).")
@Service
public class EnableTarget extends TargetSwitch {

    @Override
    boolean enabled() {
        return true;
    }
}
