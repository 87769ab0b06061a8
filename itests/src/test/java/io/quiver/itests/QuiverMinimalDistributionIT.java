package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The minimal distribution, the worked example of a custom one: Quiver's features without the Web
 * Console or any HTTP server resolve and start whole.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class QuiverMinimalDistributionIT extends QuiverTestSupport {

    @Configuration
    public Option[] config() {
        return distribution("quiver.distribution.minimal", "Quiver minimal");
    }

    @Test
    public void everyBundleIsActiveAndEveryComponentSatisfied() throws Exception {
        assertAllBundlesActive();
        assertAllComponentsSatisfied();
        for (String bsn : QuiverBundles.MINIMAL) {
            assertEquals(bsn + " state", org.osgi.framework.Bundle.ACTIVE, bundle(bsn).getState());
        }
        assertNotNull(service(io.quiver.spi.target.ScsiTargetCore.class));
    }

    @Test
    public void hasNoConsoleAndNoHttpServer() throws Exception {
        assertFalse(isInstalled("org.apache.felix.webconsole"));
        assertFalse("the console page comes only with the console", isInstalled("io.quiver.webconsole"));
        assertFalse(isInstalled("org.ops4j.pax.web.pax-web-runtime"));
        assertEquals(-1, HttpProbe.status("http://127.0.0.1:" + HTTP_PORT + "/system/console", null, null));
    }
}
