/**
 * Switchboard for Spring Boot 4: clients configured under {@code switchboard.clients.<name>}
 * ({@code application.yml}, properties or environment variables, read by Switchboard's own
 * binder), one {@code HttpServiceClient} bean per name, Switchboard declarative and Spring
 * {@code @HttpExchange} interfaces as beans ({@link dev.switchboard.spring.boot.EnableSwitchboardClients}),
 * Spring's {@code RestClient} and HTTP service groups through Switchboard's pipeline
 * ({@link dev.switchboard.spring.boot.SwitchboardRestClients}), the servlet context filter, and
 * {@code /actuator/switchboard}. See the user guide's "Spring Boot" section.
 */
package dev.switchboard.spring.boot;
