package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/schemes"
)

func newSchemesCommand(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "schemes [SCHEME]",
		Short: "List the signature schemes, or one scheme's parameters and knobs",
		Long: `schemes lists every signature scheme apisig knows, with its id for --scheme. Given a scheme
id, it lists the scheme's parameters (--scheme-param name=value; --region and --service set the
parameters of those names) and its dialect knobs (--knob name=value): each knob is a place
where implementations go wrong, its first value is the correct one, and the others reproduce
the mistakes catalogued under the ids shown.

EXIT STATUS
  0  the list was printed
  2  no such scheme`,
		Example: `  apisig schemes
  apisig schemes aliyun-rpc-v1
  # Reproduce a client that signs "TimeStamp" instead of "Timestamp"
  apisig sign --knob param-case=TimeStamp ... https://ecs.aliyuncs.com/`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg := schemes.Registry()
			if len(args) == 0 {
				tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
				for _, id := range reg.IDs() {
					s, _ := reg.Lookup(id)
					fmt.Fprintf(tw, "%s\t%s\n", id, s.Summary)
				}
				return tw.Flush()
			}
			s, err := reg.Lookup(args[0])
			if err != nil {
				return usageError{err}
			}
			return writeScheme(stdout, s)
		},
	}
}

// writeScheme prints a scheme's parameters and knobs.
func writeScheme(w io.Writer, s apisig.Scheme) error {
	fmt.Fprintf(w, "%s: %s\n", s.ID, s.Summary)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(s.Params) > 0 {
		fmt.Fprintln(w, "\nparameters:")
		for _, p := range s.Params {
			note := ""
			switch {
			case p.Required:
				note = " (required)"
			case p.Default != "":
				note = " (default " + p.Default + ")"
			}
			fmt.Fprintf(tw, "  %s\t%s%s\n", p.Name, p.Doc, note)
		}
		tw.Flush()
	}
	knobs := knobsOf(s)
	if len(knobs) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nknobs (the first value is the correct one):")
	for _, k := range knobs {
		values := "any value"
		if len(k.Values) > 0 {
			values = strings.Join(k.Values, " | ")
		}
		mistakes := ""
		if len(k.Mistakes) > 0 {
			mistakes = "  [" + strings.Join(k.Mistakes, ", ") + "]"
		}
		fmt.Fprintf(tw, "  %s\t%s%s\n", k.Name, values, mistakes)
		if k.Doc != "" {
			fmt.Fprintf(tw, "  \t  %s\n", k.Doc)
		}
	}
	return tw.Flush()
}

// knobsOf builds the scheme with placeholder values for its required parameters, only to ask
// it for its knobs.
func knobsOf(s apisig.Scheme) []apisig.Knob {
	params := map[string]string{}
	for _, p := range s.Params {
		if p.Required {
			params[p.Name] = "example"
		}
	}
	sg, err := s.Build(apisig.Config{Params: params})
	if err != nil {
		return nil
	}
	t, ok := sg.(apisig.Tunable)
	if !ok {
		return nil
	}
	return t.Knobs()
}
