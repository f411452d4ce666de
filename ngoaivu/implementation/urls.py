app_name = "implementation"

urlpatterns = []
