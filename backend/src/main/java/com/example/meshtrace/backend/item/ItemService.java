package com.example.meshtrace.backend.item;

import org.springframework.stereotype.Service;

/**
 * Creates items, at most once per {@code Idempotency-Key}.
 */
@Service
class ItemService {

	private final ItemRepository items;

	ItemService(ItemRepository items) {
		this.items = items;
	}

	/**
	 * Creates the item, or finds the one an earlier request with the same key created.
	 * @param newItem the request
	 * @param idempotencyKey the client's key, or {@code null}
	 * @return the item and whether it was created by an earlier request
	 * @throws IdempotencyKeyReusedException if the key was used for a different item
	 */
	CreatedItem create(NewItem newItem, String idempotencyKey) {
		if (idempotencyKey == null) {
			return new CreatedItem(this.items.insert(newItem.name()), false);
		}
		return this.items.insertIfKeyIsNew(newItem.name(), idempotencyKey)
			.map((item) -> new CreatedItem(item, false))
			.orElseGet(() -> replay(newItem, idempotencyKey));
	}

	private CreatedItem replay(NewItem newItem, String idempotencyKey) {
		Item original = this.items.findByIdempotencyKey(idempotencyKey)
			.orElseThrow(() -> new IllegalStateException("Idempotency key conflicted but no row holds it"));
		if (!original.name().equals(newItem.name())) {
			throw new IdempotencyKeyReusedException(idempotencyKey);
		}
		return new CreatedItem(original, true);
	}

	/**
	 * The outcome of {@link #create(NewItem, String)}.
	 *
	 * @param item the stored item
	 * @param replayed whether an earlier request with the same key created it
	 */
	record CreatedItem(Item item, boolean replayed) {
	}

}
