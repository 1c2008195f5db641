package dev.switchboard.spring.boot.demo;

import dev.switchboard.spring.boot.EnableSwitchboardClients;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * The user guide's Spring Boot example: three clients configured in {@code application.yml},
 * called through an {@code @HttpExchange} interface (an HTTP service group named after its
 * client), a {@code RestClient} and a Switchboard declarative interface.
 */
@SpringBootApplication
@EnableSwitchboardClients                                             // finds UsersApi (@SwitchboardClient)
@ImportHttpServices(group = "users-exchange", types = UsersExchange.class) // the group is the client
public class DemoApplication {}
