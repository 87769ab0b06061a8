package io.quiver.compat;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.InvokeInstruction;
import io.quiver.compat.subject.KarafSubjects;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.nio.charset.StandardCharsets;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.hooks.weaving.WovenClass;

/**
 * Rewrites {@code Subject.getSubject(AccessControlContext)} to {@link KarafSubjects#current} in the classes
 * of Apache Karaf's bundles, so that Karaf 4.4's shell, SSH server and JAAS helpers work on Java 24 and later.
 *
 * <p>Why: Java 24 disabled the Security Manager for good (JEP 486), and {@code Subject.getSubject} now
 * throws {@code UnsupportedOperationException("getSubject is not supported")}. Karaf 4.4.10 (and 4.4.11)
 * call it to learn the logged-in user, so every SSH or {@code bin/client} session fails to start. Java's
 * replacement, {@code Subject.current()}, returns the subject that {@code Subject.doAs}/{@code callAs}
 * bound; {@link KarafSubjects} adds the one Karaf's shell session carries. Remove this bundle when Quiver
 * moves to a Karaf release that no longer calls {@code getSubject}.
 *
 * <p>The call site {@code getSubject(acc)} becomes {@code KarafSubjects.current(acc)}: the same stack
 * effect, so nothing around it changes; the woven class gets a dynamic import of its package. Classes that do not mention {@code getSubject} are left untouched without
 * being parsed. A class that cannot be rewritten is left as it was (the behaviour without this bundle).
 *
 * <p>Threading: the framework calls {@link #weave} on whichever thread defines a class; this class holds
 * no state and is safe to call concurrently.
 */
final class SubjectWeaver implements WeavingHook {

    private static final String SUBJECT = "javax/security/auth/Subject";
    private static final String GET_SUBJECT_TYPE = "(Ljava/security/AccessControlContext;)Ljavax/security/auth/Subject;";
    private static final ClassDesc SUBJECT_DESC = ClassDesc.ofInternalName(SUBJECT);
    private static final ClassDesc KARAF_SUBJECTS = ClassDesc.of(KarafSubjects.class.getName());
    private static final MethodTypeDesc CURRENT_TYPE = MethodTypeDesc.of(SUBJECT_DESC, ConstantDescs.CD_Object);
    private static final String KARAF_SUBJECTS_PACKAGE = KarafSubjects.class.getPackageName();
    private static final byte[] MARKER = "getSubject".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void weave(WovenClass woven) {
        String bsn = woven.getBundleWiring().getBundle().getSymbolicName();
        if (bsn == null || !bsn.startsWith("org.apache.karaf")) {
            return;
        }
        byte[] bytes = woven.getBytes();
        if (!contains(bytes, MARKER)) {
            return;
        }
        try {
            byte[] rewritten = rewrite(bytes, woven.getBundleWiring().getClassLoader());
            if (rewritten != null) {
                woven.setBytes(rewritten);
                woven.getDynamicImports().add(KARAF_SUBJECTS_PACKAGE);
            }
        } catch (RuntimeException e) {
            // Leave the class as Karaf built it: a WeavingException would fail its loading altogether,
            // which is worse than the one call that fails without us.
        }
    }

    /**
     * Returns {@code bytes} with every {@code Subject.getSubject(AccessControlContext)} call replaced, or
     * {@code null} if the class has none. {@code loader} resolves the class hierarchy for the stack maps.
     */
    static byte[] rewrite(byte[] bytes, ClassLoader loader) {
        ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
        ClassModel model = classFile.parse(bytes);
        if (model.methods().stream().flatMap(m -> m.code().stream()).flatMap(c -> c.elementStream())
                .noneMatch(SubjectWeaver::isGetSubject)) {
            return null;
        }
        CodeTransform replace = (code, element) -> {
            if (isGetSubject(element)) {
                code.invokestatic(KARAF_SUBJECTS, "current", CURRENT_TYPE);
            } else {
                code.with(element);
            }
        };
        return classFile.transformClass(model, ClassTransform.transformingMethodBodies(replace));
    }

    private static boolean isGetSubject(Object element) {
        return element instanceof InvokeInstruction call
                && call.opcode() == Opcode.INVOKESTATIC
                && call.owner().asInternalName().equals(SUBJECT)
                && call.name().equalsString("getSubject")
                && call.type().equalsString(GET_SUBJECT_TYPE);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
