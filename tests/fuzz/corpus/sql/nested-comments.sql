/* outer /* inner; */ still; */ SELECT 1; -- x
/* only */ ;;
