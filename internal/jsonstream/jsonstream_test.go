package jsonstream

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestWriteStreamedArray: filling an empty array item by item gives the bytes of encoding the
// document with the items in place, nested or at the top, with none, one or several items
// (HTML characters unescaped, as the printers encode).
func TestWriteStreamedArray(t *testing.T) {
	type item struct {
		Name string         `json:"name"`
		Tags []string       `json:"tags"`
		More map[string]int `json:"more,omitempty"`
	}
	type inner struct {
		Kind  string `json:"kind"`
		Items []item `json:"items"`
	}
	type doc struct {
		Runs []inner `json:"runs"`
		Tail string  `json:"tail"`
	}
	encode := func(v any) []byte {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	all := []item{{Name: "a<b>&", Tags: []string{"x"}}, {Name: "b", Tags: []string{}, More: map[string]int{"k": 1}}, {Name: `"q"`}}
	for n := 0; n <= len(all); n++ {
		items := all[:n]
		want := encode(doc{Runs: []inner{{Kind: "k", Items: items}}, Tail: "t"})
		var got bytes.Buffer
		if err := WriteArray(&got, encode(doc{Runs: []inner{{Kind: "k", Items: []item{}}}, Tail: "t"}), "items", n, func(i int) any { return items[i] }); err != nil {
			t.Fatal(err)
		}
		if got.String() != string(want) {
			t.Errorf("nested, %d items:\n%s\nwant:\n%s", n, got.String(), want)
		}
		got.Reset()
		if err := WriteArray(&got, encode([]item{}), "", n, func(i int) any { return items[i] }); err != nil {
			t.Fatal(err)
		}
		if want := encode(items); got.String() != string(want) {
			t.Errorf("top level, %d items:\n%s\nwant:\n%s", n, got.String(), want)
		}
	}
	if err := WriteArray(&bytes.Buffer{}, []byte("{}\n"), "items", 1, nil); err == nil {
		t.Error("a skeleton without the array was accepted")
	}
}
