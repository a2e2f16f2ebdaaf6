// Package setting lets a library speak of its settings in its own terms
// while each command speaks of them by its flags.
//
// A library names a setting by its own name, the field of its Config
// ("N", "Chunk", "Out", "Rtol" for Opt.Rtol). An error about one setting
// with a bad value is an *Error ("N 0: want a positive number"); any
// other text that names settings, a file's attribute beside them, or
// wraps such an error, is made with Errorf (or Textf for a phrase that is
// not an error yet), whose Name, Either and error arguments are kept, not
// formatted. Their Error and String methods read with the library's own
// names, so a library used alone, in its tests and examples, says "N 0".
//
// A command holds one map from those names to its flags ({"N": "-n"})
// and renders every error through it before printing it, usage errors
// and runtime errors alike: Render(err, flags) says "-n 0". Rendering is
// lazy: the text is made when the command renders it, from the values
// the library kept. So a library must not wrap such an error with
// fmt.Errorf, which fixes the text at wrap time in the library's names;
// it returns the error as it is, or wraps it with Errorf ("%w"), which
// renders what it wraps. Render sees through wrappers that add no words
// (a wrapper whose text is that of the error it wraps, such as
// pio.SharedError, and errors.Join), and leaves any other wrapper's text
// as it was made. A name the map lacks stays the library's name.
//
// The package also reads and writes the values every command takes in
// the same form: durations (ParseDuration) and sizes (ParseSize,
// FormatSize).
package setting
