package com.example.meshtrace.backend.item;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code /items} API.
 */
@RestController
@RequestMapping(path = "/items", produces = MediaType.APPLICATION_JSON_VALUE)
class ItemController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

	private final ItemService service;

	private final ItemRepository items;

	ItemController(ItemService service, ItemRepository items) {
		this.service = service;
		this.items = items;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Item> create(@Valid @RequestBody NewItem newItem,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Pattern(regexp = "[\\x21-\\x7E]{1,255}",
					message = "must be 1 to 255 visible ASCII characters") String idempotencyKey) {
		ItemService.CreatedItem created = this.service.create(newItem, idempotencyKey);
		Item item = created.item();
		// A relative Location: behind front and the Route, backend's own host name means
		// nothing to the client
		ResponseEntity.BodyBuilder response = ResponseEntity.created(URI.create("/items/" + item.id()));
		if (idempotencyKey != null) {
			response.header(IDEMPOTENCY_KEY, idempotencyKey)
				.header(IDEMPOTENT_REPLAYED, String.valueOf(created.replayed()));
		}
		return response.body(item);
	}

	@GetMapping
	ResponseEntity<List<Item>> list(@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
			@RequestParam(required = false) @Positive Long beforeId) {
		List<Item> page = this.items.findNewest((beforeId != null) ? beforeId : Long.MAX_VALUE, limit);
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (page.size() == limit) {
			long lastId = page.getLast().id();
			response.header(HttpHeaders.LINK, "</items?limit=" + limit + "&beforeId=" + lastId + ">; rel=\"next\"");
		}
		return response.body(page);
	}

	@GetMapping("/{id}")
	Item get(@PathVariable long id) {
		return this.items.findById(id).orElseThrow(() -> new ItemNotFoundException(id));
	}

}
