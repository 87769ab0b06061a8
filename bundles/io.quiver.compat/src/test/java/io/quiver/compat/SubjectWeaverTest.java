package io.quiver.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.util.function.Supplier;
import javax.security.auth.Subject;
import org.junit.jupiter.api.Test;

class SubjectWeaverTest {

    private static byte[] classBytes(Class<?> c) throws Exception {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    @SuppressWarnings("unchecked")
    private static Supplier<Subject> load(byte[] bytes) throws Exception {
        // Defines the rewritten caller itself; everything else (KarafSubjects, Gogo) from the test's loader.
        ClassLoader loader = new ClassLoader(SubjectWeaverTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(KarafStyleCaller.class.getName())) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, bytes, 0, bytes.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        return (Supplier<Subject>) loader.loadClass(KarafStyleCaller.class.getName())
                .getConstructor().newInstance();
    }

    @Test
    void unchangedCallFailsOnThisJdk() {
        // The reason for the bundle: on Java 24+ Karaf's own call throws.
        assertThrows(UnsupportedOperationException.class, () -> new KarafStyleCaller().get());
    }

    @Test
    void rewrittenCallSeesTheSubjectOfCallAs() throws Exception {
        byte[] rewritten = SubjectWeaver.rewrite(classBytes(KarafStyleCaller.class), getClass().getClassLoader());
        assertNotNull(rewritten);
        Supplier<Subject> caller = load(rewritten);
        Subject subject = new Subject();
        assertSame(subject, Subject.callAs(subject, caller::get));
        assertNull(caller.get(), "no subject outside callAs");
    }

    @Test
    void classWithoutTheCallIsLeftAlone() throws Exception {
        byte[] original = classBytes(SubjectWeaverTest.class);
        assertNull(SubjectWeaver.rewrite(original, getClass().getClassLoader()));
        assertArrayEquals(original, classBytes(SubjectWeaverTest.class));
    }
}
