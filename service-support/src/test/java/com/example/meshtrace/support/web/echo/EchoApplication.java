package com.example.meshtrace.support.web.echo;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application outside the auto-configuration's package, so that only
 * {@code AutoConfiguration.imports} can bring it in.
 */
@SpringBootApplication
@RestController
public class EchoApplication {

	@GetMapping("/echo/{id}")
	String echo(@PathVariable String id, @RequestParam(required = false) Integer limit) {
		return id + ":" + limit;
	}

}
