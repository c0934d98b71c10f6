// The kit's data table, for the admin and report pages (loaded with them).
import 'element-plus/es/components/table/style/css'
import 'element-plus/es/components/table-column/style/css'

export { ElTable as KTable, ElTableColumn as KTableColumn } from 'element-plus'
