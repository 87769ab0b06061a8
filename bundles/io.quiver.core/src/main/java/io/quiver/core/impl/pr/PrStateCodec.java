package io.quiver.core.impl.pr;

import java.util.HexFormat;
import java.util.List;

/**
 * The text form of a {@link PrState}: one {@code key=value} line each for PRgeneration, APTPL, every
 * registration (TransportID hex, relative target port, ALL_TG_PT, key hex) and the reservation (type code,
 * index of the holding registration or -1). Written to the APTPL file ({@link PrStateStore}) and, for
 * {@code cluster_mode} devices, to the shared store ({@link SharedReservations}); unknown keys are skipped so
 * both can add lines of their own. Stateless; callers hold the state's lock.
 */
final class PrStateCodec {

    private static final HexFormat HEX = HexFormat.of();

    private PrStateCodec() {
    }

    static void encode(PrState state, StringBuilder text) {
        text.append("generation=").append(Integer.toUnsignedString(state.generation())).append('\n');
        text.append("aptpl=").append(state.aptpl() ? 1 : 0).append('\n');
        List<Registration> regs = state.registrations();
        for (Registration r : regs) {
            text.append("registration=").append(registration(r)).append(',')
                    .append(Long.toHexString(r.key())).append('\n');
        }
        if (state.type() != null) {
            text.append("reservation=").append(state.type().code()).append(',')
                    .append(regs.indexOf(state.holder())).append('\n');
        }
    }

    /** A registration's I_T nexus part: TransportID hex, relative target port, ALL_TG_PT (0/1). */
    static String registration(Registration r) {
        return HEX.formatHex(r.transportId()) + "," + r.relativeTargetPortId() + "," + (r.allTargetPorts() ? 1 : 0);
    }

    /** Parses {@link #registration} fields starting at {@code f[from]}, with {@code key}. */
    static Registration registration(String[] f, int from, long key) {
        return new Registration(HEX.parseHex(f[from]), Integer.parseInt(f[from + 1]), "1".equals(f[from + 2]), key);
    }

    /**
     * Fills an empty {@link PrState} from text lines.
     *
     * @throws RuntimeException (parse errors) if a known line is malformed; the state is then partly filled
     */
    static void decode(List<String> lines, PrState state) {
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq < 0) {
                continue;
            }
            String[] f = line.substring(eq + 1).split(",");
            switch (line.substring(0, eq)) {
                case "generation":
                    state.generation(Integer.parseUnsignedInt(f[0]));
                    break;
                case "aptpl":
                    state.aptpl("1".equals(f[0]));
                    break;
                case "registration":
                    state.add(registration(f, 0, Long.parseUnsignedLong(f[3], 16)));
                    break;
                case "reservation":
                    int holder = Integer.parseInt(f[1]);
                    PrType type = PrType.fromCode(Integer.parseInt(f[0]));
                    if (type == null || (holder < 0 && !type.allRegistrants())) {
                        throw new IllegalArgumentException("bad reservation line: " + line);
                    }
                    state.reserve(type, holder < 0 ? null : state.registrations().get(holder));
                    break;
                default:
                    break;
            }
        }
    }
}
