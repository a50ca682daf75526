# report LEVEL TITLE MESSAGE: prints "LEVEL MESSAGE" (PASS or FAIL) and the annotation GitHub
# shows on the run (::notice or ::error, with TITLE), its message escaped as workflow commands need.
report() {
  local message=${3//'%'/'%25'}
  message=${message//$'\r'/'%0D'}
  message=${message//$'\n'/'%0A'}
  echo "$1 $3"
  if [ "$1" = FAIL ]; then
    echo "::error title=$2::$1 ${message}"
  else
    echo "::notice title=$2::$1 ${message}"
  fi
}
