# WEFT_SANITIZE=thread builds everything under ThreadSanitizer; WEFT_SANITIZE=address under
# AddressSanitizer and UndefinedBehaviorSanitizer. The checker annotates its fiber switches for both.
if(WEFT_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -g -O1)
  add_link_options(-fsanitize=thread)
  add_compile_definitions(WEFT_TSAN=1)
elseif(WEFT_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -g -O1)
  add_link_options(-fsanitize=address,undefined)
  add_compile_definitions(WEFT_ASAN=1)
elseif(NOT WEFT_SANITIZE STREQUAL "")
  message(FATAL_ERROR "WEFT_SANITIZE must be '', 'thread' or 'address', not '${WEFT_SANITIZE}'")
endif()
