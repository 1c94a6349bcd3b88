package dev.aftermath;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.core.metrics.jfr.FlightRecorderApplicationStartup;

@SpringBootApplication
@org.springframework.scheduling.annotation.EnableScheduling
@ConfigurationPropertiesScan
public class AftermathApplication {
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(AftermathApplication.class);
        // -Daftermath.startup-steps=jfr: Spring's start-up steps (each bean's creation, each phase) become JFR events
        // of a recording started with -XX:StartFlightRecording (README "Footprint"); off by default, no cost then.
        if ("jfr".equals(System.getProperty("aftermath.startup-steps"))) {
            application.setApplicationStartup(new FlightRecorderApplicationStartup());
        }
        application.run(args);
    }
}
