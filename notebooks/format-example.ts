// caravan: 1
// title: The file format, by example

// %% [markdown id=intro]
// # The Caravan file format
//
// This notebook is a plain TypeScript file. Each cell starts with a `// %% [...]` marker
// line; Markdown cells are written as `//` comments; a code cell may keep its last output
// after `// %% output` so a reviewer's headless check can compare against it.

// %% [code id=tariff]
const exampleTariff = 0.25;
// %% output
// 0.25

// %% [code id=importPrice mode=manual]
const exampleWorldPrice = 100;
const exampleImportPrice = exampleWorldPrice * (1 + exampleTariff);
exampleImportPrice;
// %% output
// 125

// %% [markdown id=note]
// With full pass-through, a ${exampleTariff * 100}% tariff raises the import price to
// ${exampleImportPrice}.

// %% end
