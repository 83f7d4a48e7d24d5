# The model machine of tests/e2e/loop/model.toml: the time of one run of wc-naive over $1, as a
# function of the code in src/count.cc only (10 ms as shipped; 2.5 ms with the range tests of
# agents/range-tests, 15 ms with the locale check of agents/locale-check).
case $(cat src/count.cc) in
  *"Two range tests instead of searching the tables"*) t=2.5 ;;
  *"std::use_facet"*) t=15 ;;
  *) t=10 ;;
esac
echo "time: $t ms ($1)"
