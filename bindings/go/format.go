package assoc

import "strings"

// String prints the view as Python does: ['a', 'b'], {'a', 'b'} or
// {'k': v}, members as Repr shows them.
func (c *Collection) String() string {
	s, err := c.Format(Repr)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return s
}

// Format prints the view with pr for each member (and Repr for dict keys).
func (c *Collection) Format(pr func(any) string) (string, error) {
	var b strings.Builder
	switch c.Kind() {
	case Dict:
		items, err := c.Items()
		if err != nil {
			return "", err
		}
		b.WriteByte('{')
		for i, it := range items {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(Repr(it.Key))
			b.WriteString(": ")
			b.WriteString(pr(it.Value))
		}
		b.WriteByte('}')
	default:
		vs, err := c.All()
		if err != nil {
			return "", err
		}
		open, close := byte('['), byte(']')
		if c.Kind() == Set {
			open, close = '{', '}'
		}
		b.WriteByte(open)
		for i, v := range vs {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(pr(v))
		}
		b.WriteByte(close)
	}
	return b.String(), nil
}
