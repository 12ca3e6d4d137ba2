# With STARGATE_SANITIZE, every target links AddressSanitizer and
# UndefinedBehaviorSanitizer, and UB aborts the test instead of printing.
if(STARGATE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
