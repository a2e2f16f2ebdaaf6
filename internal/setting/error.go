package setting

import "fmt"

// Error is a setting with a value that cannot work. It reads
// "Name Value: Want", or "Name: Want" without a value, the setting named
// by its library's name or, rendered (Render), as the command calls it.
type Error struct {
	Name  string // the setting, by its library's name: "N", "Chunk"
	Value any    // its value; nil when the message needs none
	Want  string // what it should be, or what is wrong with it; with Args, their format, as fmt's
	Args  []any  // Want's arguments, if any: Name and Either among them are rendered too
}

// Bad returns the *Error of setting name with value (nil for none) and
// what is wanted of it, want formatted with args as Errorf formats them:
// Bad("Block", "4m", "want a multiple of %v %v", Name("Xfer"), "3m").
func Bad(name string, value any, want string, args ...any) *Error {
	return &Error{Name: name, Value: value, Want: want, Args: args}
}

func (e *Error) Error() string { return e.render(nil) }

func (e *Error) render(names map[string]string) string {
	want := e.Want
	if len(e.Args) > 0 {
		want = Textf(e.Want, e.Args...).render(names)
	}
	name := Name(e.Name).render(names)
	if e.Value == nil {
		return name + ": " + want
	}
	return fmt.Sprintf("%s %v: %s", name, e.Value, want)
}
