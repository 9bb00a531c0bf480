package com.offloadnic.config;

import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Embedded Tomcat whose own error pages are problem documents ({@link ProblemErrorReportValve}), reading sockets
 * in 32 KiB gulps: a bulk request of 64 frames is about 90 KB, which Tomcat's default 8 KiB read buffer takes a
 * dozen {@code read} calls to bring in. Each connection holds its buffer, so {@code server.tomcat.max-connections}
 * (application.yaml) bounds what idle connections can pin.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

    static final int READ_BUFFER_BYTES = 32 * 1024;

    @Bean
    TomcatServletWebServerFactory tomcatServletWebServerFactory() {
        return new TomcatServletWebServerFactory() {
            @Override
            protected TomcatWebServer getTomcatWebServer(Tomcat tomcat) {
                ((StandardHost) tomcat.getHost()).setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                tomcat.getConnector().setProperty("socket.appReadBufSize", Integer.toString(READ_BUFFER_BYTES));
                return super.getTomcatWebServer(tomcat);
            }
        };
    }
}
