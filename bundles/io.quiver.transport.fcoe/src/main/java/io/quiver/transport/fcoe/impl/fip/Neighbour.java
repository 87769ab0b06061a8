package io.quiver.transport.fcoe.impl.fip;

/**
 * A VN_Port on the same Ethernet segment, as its last claim or beacon described it. Immutable.
 *
 * @param enodeMac the ENode MAC of its MAC descriptor, where encapsulated ELS frames go
 * @param maxFcoeSize the maximum FCoE frame size it claimed (0 if unknown)
 * @param lastSeen when its last claim or beacon arrived, in milliseconds of the controller's clock
 */
public record Neighbour(int portId, long enodeMac, long portName, long nodeName, int maxFcoeSize, long lastSeen) {

    Neighbour seen(long now) {
        return new Neighbour(portId, enodeMac, portName, nodeName, maxFcoeSize, now);
    }
}
