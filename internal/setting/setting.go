// Package setting lets library packages speak of their own settings
// ("N", "Chunk", "Size") while each command names them by its flags
// ("-n", "-chunk", "-size"): a library phrases a bad setting as an Error
// or through Names, and the command supplies the Names that map its
// settings to its flags. A library used without a command speaks of the
// settings by their own names.
package setting

import (
	"fmt"
	"strings"
)

// Names maps settings to what the user calls them: a command's flags.
// A setting not in the map, or a nil map, goes by its own name.
type Names map[string]string

// Of is what the user calls setting name.
func (n Names) Of(name string) string {
	if s, ok := n[name]; ok {
		return s
	}
	return name
}

// List names several settings as one choice: "-n, -steps or -o".
func (n Names) List(names ...string) string {
	s := make([]string, len(names))
	for i, name := range names {
		s[i] = n.Of(name)
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// Error is a setting with a value that cannot work. It reads
// "Name Value: Want", or "Name: Want" without a value, the setting named
// through Names.
type Error struct {
	Name  string // the setting, by the library's name: "N", "Chunk"
	Value any    // its value; nil when the message needs none
	Want  string // what it should be, or what is wrong with it
	Names Names  // what the user calls the setting; nil: its own name
}

func (e *Error) Error() string {
	if e.Value == nil {
		return e.Names.Of(e.Name) + ": " + e.Want
	}
	return fmt.Sprintf("%s %v: %s", e.Names.Of(e.Name), e.Value, e.Want)
}

// Named returns err named through n if it is an Error whose setting is
// not named yet, and err itself otherwise: how a command, or a library
// that knows a command's Names, phrases an error of a package that does
// not. Call it before wrapping err, whose text is fixed when it is wrapped.
func (n Names) Named(err error) error {
	if se, ok := err.(*Error); ok && se.Names == nil {
		named := *se
		named.Names = n
		return &named
	}
	return err
}

// Error returns the *Error of setting name with value (nil for none) and
// what is wanted of it, named through n.
func (n Names) Error(name string, value any, want string) error {
	return &Error{Name: name, Value: value, Want: want, Names: n}
}
