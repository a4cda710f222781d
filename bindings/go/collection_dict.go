package assoc

import (
	"errors"
	"runtime"

	"github.com/assoc-project/assoc/bindings/go/internal/core"
)

// Dict operations; the collection must be a dict, or ErrType.

// Item is one key and value of a dict.
type Item struct {
	Key, Value any
}

// Get is the member under key (ErrNotFound when absent).
func (c *Collection) Get(key any) (any, error) { return c.byKey(key, core.Collection_lookup) }

// byKey runs f, which fills a value, for key.
func (c *Collection) byKey(key any, f func(*core.Value, core.Collection, core.Value) error) (any, error) {
	k, err := toValue(key)
	if err != nil {
		return nil, err
	}
	v, err := c.out(func(v *core.Value) error { return f(v, c.c, k) })
	runtime.KeepAlive(key)
	return v, err
}

// Lookup is Get that reports absence as ok == false instead of an error.
func (c *Collection) Lookup(key any) (v any, ok bool, err error) {
	v, err = c.Get(key)
	if errors.Is(err, ErrNotFound) {
		return nil, false, nil
	}
	return v, err == nil, err
}

// Put puts v under key (setting its key attribute), replacing any other.
// Through a proxy the creator makes the intermediary object.
func (c *Collection) Put(key, v any) error {
	k, err := toValue(key)
	if err != nil {
		return err
	}
	err = c.with(v, func(cv core.Value) error { return core.Collection_put(c.c, k, cv) })
	runtime.KeepAlive(key)
	return err
}

// Delete removes the member under key (ErrNotFound when absent).
func (c *Collection) Delete(key any) error {
	return c.with(key, func(k core.Value) error { return core.Collection_delete_key(c.c, k) })
}

// KeyAt is the key at position i.
func (c *Collection) KeyAt(i int) (any, error) { return c.outAt(i, core.Collection_key_at) }

// Keys are the keys in insertion order.
func (c *Collection) Keys() ([]any, error) { return c.readAll(core.Collection_key_at) }

// Items are the keys and values in insertion order.
func (c *Collection) Items() ([]Item, error) {
	keys, err := c.Keys()
	if err != nil {
		return nil, err
	}
	values, err := c.All()
	if err != nil {
		return nil, err
	}
	out := make([]Item, len(keys))
	for i := range keys {
		out[i] = Item{keys[i], values[i]}
	}
	return out, nil
}

// SetDefault is the value under key; if absent, it puts def under key first
// and returns that.
func (c *Collection) SetDefault(key, def any) (any, error) {
	k, err := toValue(key)
	if err != nil {
		return nil, err
	}
	d, err := toValue(def)
	if err != nil {
		return nil, err
	}
	v, err := c.out(func(v *core.Value) error { return core.Collection_setdefault(v, c.c, k, d) })
	runtime.KeepAlive(key)
	runtime.KeepAlive(def)
	return v, err
}

// PopKey removes the member under key and returns it (ErrNotFound when absent).
func (c *Collection) PopKey(key any) (any, error) { return c.byKey(key, core.Collection_pop_key) }

func splitItems(items []Item) (keys, values []any) {
	keys = make([]any, len(items))
	values = make([]any, len(items))
	for i, it := range items {
		keys[i], values[i] = it.Key, it.Value
	}
	return keys, values
}

// Update puts each item's value under its key.
func (c *Collection) Update(items ...Item) error {
	keys, values := splitItems(items)
	return c.keyed(keys, values, core.Collection_update)
}

// AssignItems replaces every member of a dict at once
// (user.keywords = {"sk1": "kw1", ...}).
func (c *Collection) AssignItems(items ...Item) error {
	keys, values := splitItems(items)
	return c.keyed(keys, values, core.Collection_assign)
}

func (c *Collection) keyed(keys, values []any, f func(core.Collection, []core.Value, []core.Value) error) error {
	if err := c.enter(); err != nil {
		return err
	}
	ks, err := toValues(keys)
	if err != nil {
		return err
	}
	vs, err := toValues(values)
	if err != nil {
		return err
	}
	err = f(c.c, ks, vs)
	runtime.KeepAlive(c)
	runtime.KeepAlive(keys)
	runtime.KeepAlive(values)
	return err
}
